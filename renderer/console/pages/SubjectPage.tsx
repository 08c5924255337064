import { ApartmentOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Result, Skeleton, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Appointee, SubjectHistory, SubjectRef } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { DeskError, desk } from '../../lib/desk-client.js';
import { AppointeeFormModal } from '../components/AppointeeFormModal.js';
import { BodyFormModal } from '../components/BodyFormModal.js';
import { PageHeader, type Crumb } from '../components/PageHeader.js';
import { SubjectOpinions } from '../components/SubjectOpinions.js';
import { SubjectPlan } from '../components/SubjectPlan.js';
import { ratingFigure, SubjectRatings, SubjectVerdictTag } from '../components/SubjectRatings.js';
import { errorText } from '../lib/notify.js';
import { useReloadOn } from '../lib/reload-queue.js';
import { navigate } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import '../subjects.css';

type Kind = 'body' | 'appointee';

const EMPTY: Record<Kind, { ratings: string; opinions: string; plan: string }> = {
  body: {
    ratings: '还没有测评记录。满意度测评或评议打分结束封存后，测评表中关联到本单位的一行会记在这里；关联在表决页的“测评对象关联”中查看和修改。',
    opinions: '还没有由本单位承办的审议意见。起草审议意见时把本单位列为承办单位，意见及其办理情况就会列在这里。',
    plan: '年度监督计划中还没有以本单位为监督对象的事项。在“年度监督计划”中为事项选择本单位后会列在这里。',
  },
  appointee: {
    ratings: '还没有测评记录。履职评议的测评结束封存后，测评表中关联到本人的一行会记在这里；关联在表决页的“测评对象关联”中查看和修改。',
    opinions: '还没有涉及本人的审议意见。',
    plan: '年度监督计划中还没有以本人为监督对象的事项（如履职评议）。在“年度监督计划”中为事项选择本人后会列在这里。',
  },
};

function Summary({ history }: { history: SubjectHistory }) {
  const latest = [...history.ratings].sort((a, b) => (a.date === b.date ? b.round - a.round : a.date < b.date ? 1 : -1))[0];
  const open = history.opinions.filter((o) => o.status !== 'closed').length;
  const overdue = history.opinions.filter((o) => o.urgency.overdue).length;
  const years = [...new Set(history.planItems.map((p) => p.year))].sort((a, b) => a - b);
  return (
    <Card className="content-card subject-summary" size="small" data-testid="subject-summary">
      <div className="subject-facts">
        <div className="subject-fact">
          <span className="subject-fact-label">测评</span>
          <span className="subject-fact-value">{history.ratings.length} 次</span>
          {latest ? (
            <span className="subject-fact-sub">
              最近 {chineseDate(latest.date)} <SubjectVerdictTag verdict={latest.verdict} />
              {ratingFigure(latest).text !== '—' ? <span>{ratingFigure(latest).text}</span> : null}
            </span>
          ) : (
            <span className="subject-fact-sub muted">尚未测评</span>
          )}
        </div>
        <div className="subject-fact">
          <span className="subject-fact-label">审议意见</span>
          <span className="subject-fact-value">{history.opinions.length} 件</span>
          <span className="subject-fact-sub">
            {history.opinions.length === 0 ? <span className="muted">无</span> : `未销号 ${open} 件`}
            {overdue > 0 ? <span className="subject-overdue">，逾期 {overdue} 件</span> : null}
          </span>
        </div>
        <div className="subject-fact">
          <span className="subject-fact-label">列入监督计划</span>
          <span className="subject-fact-value">{history.planItems.length} 项</span>
          <span className="subject-fact-sub muted">{years.length === 0 ? '无' : years.length === 1 ? `${years[0]}年` : `${years[0]}—${years.at(-1)}年`}</span>
        </div>
      </div>
    </Card>
  );
}

/** A body's or an appointed person's history: every sealed rating, every review opinion, every plan item naming it. */
export function SubjectPage({ kind, id }: { kind: Kind; id: number }) {
  const [history, setHistory] = useState<SubjectHistory | null>(null);
  const [failure, setFailure] = useState<{ missing: boolean; message: string } | null>(null);
  const [appointee, setAppointee] = useState<Appointee | null>(null);
  const [editing, setEditing] = useState(false);
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);

  const load = useCallback(async () => {
    try {
      const subject = { kind, id } as SubjectRef;
      const [h, people] = await Promise.all([desk.call('subject.history', { subject }), kind === 'appointee' ? desk.call('appointee.list', {}) : Promise.resolve(null)]);
      setHistory(h);
      setAppointee(people?.find((p) => p.id === id) ?? null);
      setFailure(null);
    } catch (err) {
      setFailure({ missing: err instanceof DeskError && err.code === 'NOT_FOUND', message: errorText(err) });
    }
  }, [kind, id]);

  useEffect(() => {
    setHistory(null);
    setFailure(null);
    void load();
    if (kind === 'body' && !bodiesLoaded) void loadBodies();
  }, [kind, id, load, bodiesLoaded, loadBodies]);
  useReloadOn('subject-history', ['body', 'appointee', 'opinion', 'plan', 'meeting', 'agenda'], load);

  const listCrumb: Crumb = kind === 'body' ? { title: '汇报单位', route: { name: 'bodies' } } : { title: '被任命人员', route: { name: 'appointees' } };
  const kindTag = kind === 'body' ? '汇报单位' : '被任命人员';

  if (failure && !history) {
    return (
      <Result
        status={failure.missing ? '404' : 'warning'}
        title={failure.missing ? (kind === 'body' ? '找不到这个单位' : '找不到这位被任命人员') : '履历未能加载'}
        subTitle={failure.missing ? '链接可能有误，或记录已不存在。' : failure.message}
        extra={
          failure.missing ? (
            <Button type="primary" onClick={() => navigate(listCrumb.route!)}>
              返回{listCrumb.title}
            </Button>
          ) : (
            <Button type="primary" onClick={() => void load()}>
              重试
            </Button>
          )
        }
      />
    );
  }
  if (!history) {
    return (
      <>
        <PageHeader crumbs={[listCrumb, { title: '履历' }]} title="　" />
        <Card className="content-card">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }

  const name = history.subject.name;
  const body = kind === 'body' ? (bodies.find((b) => b.id === id) ?? null) : null;
  const empty = EMPTY[kind];
  const canEdit = kind === 'body' ? body !== null : appointee !== null;

  return (
    <div className="subject-page">
      <PageHeader
        crumbs={[listCrumb, { title: `${name} 履历` }]}
        title={
          <span className="subject-heading">
            <span data-testid="subject-name">{name}</span>
            <Tag className="subject-kind-tag">{kindTag}</Tag>
            {body && !body.active ? <Tag>已停用</Tag> : null}
            {appointee?.leftOn ? <Tag>{chineseDate(appointee.leftOn)}离任</Tag> : null}
          </span>
        }
        extra={
          <>
            {appointee?.bodyId ? (
              <Button icon={<ApartmentOutlined />} onClick={() => navigate({ name: 'subject', kind: 'body', id: appointee.bodyId! })}>
                所在单位履历
              </Button>
            ) : null}
            {canEdit ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            ) : null}
          </>
        }
      >
        <div className="subject-description" data-testid="subject-description">
          {history.description}
        </div>
      </PageHeader>
      <Summary history={history} />
      <SubjectRatings subjectName={name} ratings={history.ratings} emptyText={empty.ratings} />
      <SubjectOpinions opinions={history.opinions} emptyText={empty.opinions} />
      <SubjectPlan items={history.planItems} emptyText={empty.plan} />
      {editing && body ? (
        <BodyFormModal
          body={body}
          nextSortOrder={body.sortOrder}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void loadBodies();
            void load();
          }}
        />
      ) : null}
      {editing && appointee ? (
        <AppointeeFormModal
          appointee={appointee}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}
