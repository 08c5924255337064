import { useEffect, useState } from 'react';

type QrModule = typeof import('qrcode');

/** The encoder is loaded on first use: most console screens never draw a QR code. */
let qrModule: Promise<QrModule> | null = null;
function loadQr(): Promise<QrModule> {
  qrModule ??= import('qrcode').then((mod) => {
    // A CommonJS package: depending on the bundler's interop the API sits on `default` or on the namespace.
    const withDefault = mod as QrModule & { default?: QrModule };
    return withDefault.default ?? mod;
  });
  return qrModule;
}

const cache = new Map<string, string>();

/**
 * An SVG data URL of `text` as a QR code (quiet zone included), so it stays sharp at any
 * print size. Level M survives a scuffed or creased card.
 */
export async function qrDataUrl(text: string): Promise<string> {
  const hit = cache.get(text);
  if (hit) return hit;
  const qr = await loadQr();
  const svg = await qr.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  cache.set(text, url);
  return url;
}

/** A QR code image; a blank square of the same size until the encoder has loaded. */
export function CredentialQrCode({ text, size, alt, className }: { text: string; size: number | string; alt: string; className?: string }) {
  const [drawn, setDrawn] = useState<{ text: string; src: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    qrDataUrl(text).then(
      (src) => live && setDrawn({ text, src }),
      (err: unknown) => {
        console.error('QR code failed', err);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [text]);

  const style = { width: size, height: size };
  const src = drawn?.text === text ? drawn.src : null;
  if (!src) {
    return (
      <span className={`qr-placeholder ${className ?? ''}`} style={style} role="img" aria-label={failed ? '二维码无法生成' : '正在生成二维码'}>
        {failed ? '二维码无法生成' : null}
      </span>
    );
  }
  return <img className={className} src={src} alt={alt} style={style} draggable={false} data-qr={text} />;
}
