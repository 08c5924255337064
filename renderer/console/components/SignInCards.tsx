import { CloseOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { MemberId } from '../../../shared/api/schemas.js';
import { credentialUrl, formatCode } from '../../../shared/api/voter-schemas.js';
import { displayUrl } from '../stores/credential-store.js';
import { CredentialQrCode, qrDataUrl } from './CredentialQrCode.js';

export interface SignInCard {
  memberId: MemberId;
  name: string;
  seatOrder: number;
  code: string;
}

/** Two columns by four rows fill an A4 page with cards a little smaller than a postcard. */
const PER_PAGE = 8;

/** While the preview is open, print only the cards (see the print section of styles.css). */
const BODY_CLASS = 'signin-printing';

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The sign-in cards as A4 sheets, shown over the console as a preview and printed with the
 * browser's own dialog. It lives in this page rather than a new window: the desktop app
 * refuses new windows, and print-only CSS works the same in both.
 */
export function SignInCards({ meetingTitle, voterUrl, cards, onClose }: { meetingTitle: string; voterUrl: string; cards: SignInCard[]; onClose: () => void }) {
  const [ready, setReady] = useState(false);
  const printedOnce = useRef(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.body.classList.add(BODY_CLASS);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      document.body.classList.remove(BODY_CLASS);
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  // Encode every QR code before showing the sheets, so the print dialog never sees a blank square.
  useEffect(() => {
    let live = true;
    setReady(false);
    Promise.allSettled(cards.map((c) => qrDataUrl(credentialUrl(voterUrl, c.code)))).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [cards, voterUrl]);

  // Open the print dialog once, when the images are decoded; the preview stays for a second try.
  useEffect(() => {
    if (!ready || printedOnce.current) return;
    printedOnce.current = true;
    const images = Array.from(root.current?.querySelectorAll('img') ?? []);
    void Promise.allSettled(images.map((img) => img.decode())).then(() => window.requestAnimationFrame(() => window.print()));
  }, [ready]);

  const pages = chunk(cards, PER_PAGE);
  const address = displayUrl(voterUrl);

  return createPortal(
    <div className="signin-print" ref={root} role="dialog" aria-modal="true" aria-label="签到卡打印预览" data-testid="signin-print">
      <div className="signin-print-toolbar">
        <div className="signin-print-title">
          签到卡打印预览
          <span className="signin-print-meta">
            {cards.length} 张 · A4 纸 {pages.length} 页，每页 {PER_PAGE} 张，沿虚线裁开
          </span>
        </div>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!ready} onClick={() => window.print()}>
          打印
        </Button>
        <Button icon={<CloseOutlined />} onClick={onClose}>
          关闭
        </Button>
      </div>
      {ready ? (
        <div className="signin-sheets">
          {pages.map((page, i) => (
            <section className="signin-sheet" key={i} aria-label={`第 ${i + 1} 页`}>
              {page.map((card) => (
                <article className="signin-card" key={card.memberId} data-testid="signin-card" aria-label={`${card.name}的签到卡`}>
                  <header className="signin-card-meeting">{meetingTitle}</header>
                  <div className="signin-card-main">
                    <CredentialQrCode className="signin-card-qr" text={credentialUrl(voterUrl, card.code)} size="32mm" alt={`${card.name}的登录二维码`} />
                    <div className="signin-card-who">
                      <div className="signin-card-name">{card.name}</div>
                      <div className="signin-card-seat">座次 {card.seatOrder} 号</div>
                      <div className="signin-card-code-label">签到码 · 登录码</div>
                      <div className="signin-card-code">{formatCode(card.code)}</div>
                    </div>
                  </div>
                  <p className="signin-card-hint">
                    连接会场网络后扫码，
                    <span className="signin-card-nowrap">
                      或在 <span className="signin-card-url">{address}</span> 输入登录码
                    </span>
                  </p>
                  <p className="signin-card-note">到会时在签到台出示本卡签到。仅限本人本次会议使用；遗失请告知会务人员作废并补发。</p>
                </article>
              ))}
            </section>
          ))}
        </div>
      ) : (
        <Spin size="large" className="signin-print-spin" />
      )}
    </div>,
    document.body,
  );
}
