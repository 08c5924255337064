import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { POLL_STATUS_LABEL, type PollSummary } from '../../../shared/api/poll-schemas.js';
import type { AgendaItem, Meeting } from '../../../shared/api/schemas.js';
import { VOTE_KIND_LABEL } from '../../../shared/domain/labels.js';
import { newPollLabel, POLL_STATUS_COLOR, roundLabel } from '../lib/polls.js';
import { navigate, routeHash } from '../router.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { usePollStore } from '../stores/poll-store.js';
import { PollFormDrawer } from './PollFormDrawer.js';
import { AnonymityTag } from './PollTags.js';
import '../polls.css';

/** The meeting's polls under their agenda items; rounds of one vote stay together. */
export function PollsTab({ meeting }: { meeting: Meeting }) {
  const agenda = useMeetingStore((s) => s.agenda);
  const polls = usePollStore((s) => (s.listMeetingId === meeting.id ? s.polls : []));
  const loaded = usePollStore((s) => s.listMeetingId === meeting.id && s.pollsLoaded);
  const loadPolls = usePollStore((s) => s.loadPolls);
  const [creating, setCreating] = useState<AgendaItem | null>(null);

  if (!loaded && polls.length === 0) return <Skeleton active paragraph={{ rows: 4 }} />;

  const columns: ColumnsType<PollSummary> = [
    {
      title: '轮次',
      key: 'round',
      width: 92,
      render: (_v, p) => <span className={p.round > 1 ? 'poll-round poll-round-later' : 'poll-round'}>{roundLabel(p.round)}</span>,
    },
    {
      title: '表决事项',
      key: 'title',
      render: (_v, p) => (
        <div className="poll-title-cell">
          <a
            href={routeHash({ name: 'poll', id: p.id })}
            className="poll-title-link"
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'poll', id: p.id });
            }}
          >
            {p.title}
          </a>
          <Tag color="purple" variant="outlined">
            {VOTE_KIND_LABEL[p.kind]}
          </Tag>
        </div>
      ),
    },
    { title: '方式', key: 'anonymous', width: 96, render: (_v, p) => <AnonymityTag anonymous={p.anonymous} /> },
    {
      title: '状态',
      key: 'status',
      width: 140,
      render: (_v, p) => (
        <Tag color={POLL_STATUS_COLOR[p.status]} data-testid="poll-status">
          {POLL_STATUS_LABEL[p.status]}
        </Tag>
      ),
    },
    {
      title: '已收到 / 出席',
      key: 'counts',
      width: 130,
      align: 'right',
      render: (_v, p) => (
        <span className="poll-counts">
          <b>{p.received}</b> / {p.present}
        </span>
      ),
    },
    {
      title: '',
      key: 'go',
      width: 84,
      render: (_v, p) => (
        <Button type="link" size="small" onClick={() => navigate({ name: 'poll', id: p.id })} aria-label={`进入：${p.title}（${roundLabel(p.round)}）`}>
          进入 <RightOutlined />
        </Button>
      ),
    },
  ];

  if (agenda.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未添加议程：表决要建在议程下，请先在“议程”中添加" />;
  }

  return (
    <div className="polls-tab">
      <div className="toolbar">
        <span className="toolbar-hint">
          共 {polls.length} 项表决。表决在议程下新建；重新表决（第二轮）在原表决结束后从表决页发起，与第一轮并列显示。
        </span>
      </div>
      {agenda.map((item, index) => {
        const own = polls.filter((p) => p.agendaItemId === item.id);
        return (
          <section key={item.id} className={item.voteKind || own.length > 0 ? 'poll-group' : 'poll-group is-quiet'} data-testid="poll-group">
            <div className="poll-group-head">
              <span className="agenda-order">{index + 1}</span>
              <span className="poll-group-title">{item.title}</span>
              {item.voteKind ? <Tag color="purple">{VOTE_KIND_LABEL[item.voteKind]}</Tag> : own.length === 0 ? <span className="muted">未设表决</span> : null}
              {/* A closed meeting takes no new poll: the button says so before the click. */}
              <Tooltip title={meeting.status === 'closed' ? `会议已闭会，不能再${newPollLabel(item.voteKind)}` : undefined}>
                <Button
                  size="small"
                  type={item.voteKind && own.length === 0 && meeting.status !== 'closed' ? 'primary' : 'default'}
                  icon={<PlusOutlined />}
                  className="poll-group-add"
                  disabled={meeting.status === 'closed'}
                  onClick={() => setCreating(item)}
                  aria-label={`${newPollLabel(item.voteKind)}：${item.title}`}
                >
                  {newPollLabel(item.voteKind)}
                </Button>
              </Tooltip>
            </div>
            {own.length > 0 ? (
              <Table<PollSummary>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={own}
                pagination={false}
                rowClassName={(p) => (p.round > 1 ? 'poll-row-later-round' : '')}
                onRow={(p) => ({ 'data-testid': 'poll-row', 'data-round': p.round }) as HTMLAttributes<HTMLTableRowElement>}
              />
            ) : null}
          </section>
        );
      })}
      {creating ? (
        <PollFormDrawer
          meeting={meeting}
          item={creating}
          poll={null}
          onClose={() => setCreating(null)}
          onSaved={(p) => {
            setCreating(null);
            void loadPolls(meeting.id);
            navigate({ name: 'poll', id: p.id });
          }}
        />
      ) : null}
    </div>
  );
}
