import { AimOutlined, ArrowDownOutlined, ArrowUpOutlined, CommentOutlined, DeleteOutlined, EditOutlined, FileTextOutlined, HolderOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent, type DraggableAttributes } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type CSSProperties, type HTMLAttributes, type KeyboardEvent } from 'react';
import type { AgendaItem, AgendaItemId, Meeting } from '../../../shared/api/schemas.js';
import { AGENDA_KIND_LABEL, VOTE_KIND_LABEL } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { navigate, routeHash } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { usePollStore } from '../stores/poll-store.js';
import { POLL_STATUS_LABEL } from '../../../shared/api/poll-schemas.js';
import { POLL_STATUS_COLOR } from '../lib/polls.js';
import { AgendaItemModal } from './AgendaItemModal.js';
import { PaperList } from './PaperList.js';
import { currentItemOnScreen, RoomScreenControl, useRoomScreen } from './RoomScreenControl.js';
import { SpeechPanel } from './SpeechPanel.js';
import '../plan.css';

/** Entities whose changes alter an agenda row's plan link or its speech and opinion counts. */
const SUPERVISION_ENTITIES = new Set(['plan', 'speech', 'opinion']);

type Listeners = ReturnType<typeof useSortable>['listeners'];

interface HandleContext {
  setActivatorNodeRef?: (el: HTMLElement | null) => void;
  listeners?: Listeners;
  attributes?: DraggableAttributes;
}
const RowHandleContext = createContext<HandleContext>({});

function DragHandle({ title }: { title: string }) {
  const { setActivatorNodeRef, listeners, attributes } = useContext(RowHandleContext);
  return (
    <Button
      type="text"
      size="small"
      className="drag-handle"
      icon={<HolderOutlined />}
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={`拖动调整顺序：${title}`}
      data-testid="drag-handle"
    />
  );
}

function SortableRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key': string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props['data-row-key'] });
  const style: CSSProperties = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging ? { position: 'relative', zIndex: 10, boxShadow: '0 4px 12px rgba(0,0,0,0.15)', background: '#fff' } : {}),
  };
  const context = useMemo(() => ({ setActivatorNodeRef, listeners, attributes }), [setActivatorNodeRef, listeners, attributes]);
  return (
    <RowHandleContext.Provider value={context}>
      <tr {...props} ref={setNodeRef} style={style} />
    </RowHandleContext.Provider>
  );
}

export function AgendaTab({ meeting }: { meeting: Meeting }) {
  const agenda = useMeetingStore((s) => s.agenda);
  const loading = useMeetingStore((s) => s.agendaLoading);
  // The meeting page loads its polls; the vote column shows those actually held.
  const allPolls = usePollStore((s) => s.polls);
  const pollsMeeting = usePollStore((s) => s.listMeetingId);
  const polls = pollsMeeting === meeting.id ? allPolls : [];
  const reorderAgenda = useMeetingStore((s) => s.reorderAgenda);
  const loadAgenda = useMeetingStore((s) => s.loadAgenda);
  const bodies = useBodyStore((s) => s.bodies);
  const [editing, setEditing] = useState<AgendaItem | null | undefined>(undefined);
  const [speechesOf, setSpeechesOf] = useState<AgendaItem | null>(null);
  const focusAfterMove = useRef<AgendaItemId | null>(null);
  const room = useRoomScreen();
  const currentOnScreen = currentItemOnScreen(room, meeting.id);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  // Keep the keyboard user on the row they just moved.
  useEffect(() => {
    const id = focusAfterMove.current;
    if (id === null) return;
    focusAfterMove.current = null;
    document.querySelector<HTMLElement>(`tr[data-row-key="${id}"]`)?.focus();
  }, [agenda]);

  // The shared sync reloads the agenda on agenda events; plan links and counts also move with these.
  useEffect(
    () =>
      desk.on('data.changed', (e) => {
        if (SUPERVISION_ENTITIES.has(e.entity) && (e.meetingId === null || e.meetingId === meeting.id)) scheduleReload('agenda', () => useMeetingStore.getState().loadAgenda());
      }),
    [meeting.id],
  );

  const planYear = Number(meeting.date.slice(0, 4));

  const move = (item: AgendaItem, delta: -1 | 1) => {
    const ids = agenda.map((i) => i.id);
    const from = ids.indexOf(item.id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= ids.length) return;
    focusAfterMove.current = item.id;
    void reorderAgenda(arrayMove(ids, from, to));
  };

  const positionOf = (id: string | number) => agenda.findIndex((i) => String(i.id) === String(id)) + 1;
  const announcements = {
    onDragStart: ({ active }: { active: { id: string | number } }) => `已拿起第 ${positionOf(active.id)} 项议程`,
    onDragOver: ({ over }: { over: { id: string | number } | null }) => (over ? `移动到第 ${positionOf(over.id)} 项的位置` : '不在议程列表内'),
    onDragEnd: ({ over }: { over: { id: string | number } | null }) => (over ? `已放下，移动到第 ${positionOf(over.id)} 项` : '已放下，顺序未改变'),
    onDragCancel: () => '已取消拖动，顺序未改变',
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const ids = agenda.map((i) => i.id);
    const from = ids.findIndex((id) => String(id) === String(active.id));
    const to = ids.findIndex((id) => String(id) === String(over.id));
    if (from < 0 || to < 0) return;
    void reorderAgenda(arrayMove(ids, from, to));
  };

  const remove = async (item: AgendaItem) => {
    try {
      await desk.call('agenda.delete', { id: item.id });
      notify.success('已删除议程');
      void loadAgenda();
    } catch (err) {
      showError(err);
    }
  };

  const columns: ColumnsType<AgendaItem> = [
    { key: 'drag', width: 44, align: 'center', render: (_v, item) => <DragHandle title={item.title} /> },
    { title: '序号', key: 'order', width: 60, align: 'center', render: (_v, _item, index) => <span className="agenda-order">{index + 1}</span> },
    {
      title: '议程',
      key: 'title',
      render: (_v, item) => (
        <div className="agenda-cell">
          <div className="agenda-title" data-testid="agenda-title">
            {item.title}
            {item.id === currentOnScreen ? (
              <Tag color="gold" className="agenda-current-tag" data-testid="agenda-current">
                大屏当前议题
              </Tag>
            ) : null}
          </div>
          <div className="agenda-sub">
            <Tag variant="filled" color="blue">
              {AGENDA_KIND_LABEL[item.kind]}
            </Tag>
            {item.bodyName ? <span>汇报单位：{item.bodyName}</span> : <span className="muted">未指定汇报单位</span>}
          </div>
          {item.notes ? (
            <Typography.Paragraph type="secondary" className="agenda-notes" ellipsis={{ rows: 2, tooltip: item.notes }}>
              {item.notes}
            </Typography.Paragraph>
          ) : null}
          {item.planItemId !== null ? (
            <div className="agenda-plan-line">
              <Tag color="geekblue" icon={<ScheduleOutlined />} className="agenda-plan-tag" data-testid="agenda-plan-tag">
                <a
                  href={routeHash({ name: 'plan', year: planYear })}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ name: 'plan', year: planYear });
                  }}
                >
                  监督计划：{item.planItemTitle ?? ''}
                </a>
              </Tag>
            </div>
          ) : null}
          <div className="agenda-supervision">
            <Button type="link" size="small" icon={<CommentOutlined />} onClick={() => setSpeechesOf(item)} data-testid="agenda-speeches">
              审议发言
            </Button>
            <span className="agenda-count" data-testid="agenda-speech-count">
              已记录 <b>{item.speechCount}</b> 条
            </span>
            <span className="agenda-count-sep" />
            <Button type="link" size="small" icon={<FileTextOutlined />} onClick={() => navigate({ name: 'opinionNew', agendaItemId: item.id })} data-testid="agenda-draft-opinion">
              起草审议意见
            </Button>
            <span className="agenda-count" data-testid="agenda-opinion-count">
              {item.opinionCount > 0 ? (
                <a
                  href={routeHash({ name: 'opinions' })}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ name: 'opinions' });
                  }}
                >
                  已起草 <b>{item.opinionCount}</b> 件
                </a>
              ) : (
                <>
                  已起草 <b>0</b> 件
                </>
              )}
            </span>
            <span className="agenda-count-sep" />
            <Button
              type="link"
              size="small"
              icon={<AimOutlined />}
              disabled={room.busy || item.id === currentOnScreen}
              onClick={() => void room.show({ show: 'agenda', meetingId: meeting.id, currentItemId: item.id })}
              data-testid="agenda-set-current"
            >
              设为当前议题
            </Button>
          </div>
        </div>
      ),
    },
    {
      title: '表决',
      key: 'vote',
      width: 112,
      // The polls actually held on the item (latest round); before any, what was planned.
      render: (_v, item) => {
        const own = polls.filter((p) => p.agendaItemId === item.id);
        if (own.length > 0) {
          const latest = own.reduce((a, b) => (b.round > a.round || (b.round === a.round && b.id > a.id) ? b : a));
          return (
            <Tag color={POLL_STATUS_COLOR[latest.status]} data-testid="agenda-vote">
              {VOTE_KIND_LABEL[latest.kind]} · {POLL_STATUS_LABEL[latest.status]}
              {own.length > 1 ? `（${own.length}项）` : ''}
            </Tag>
          );
        }
        return item.voteKind ? (
          <Tooltip title="已计划，尚未新建表决">
            <span className="muted" data-testid="agenda-vote">拟{VOTE_KIND_LABEL[item.voteKind]}</span>
          </Tooltip>
        ) : (
          <span className="muted">不表决</span>
        );
      },
    },
    { title: '会议文件', key: 'papers', width: 330, render: (_v, item) => <PaperList item={item} onChanged={() => void loadAgenda()} /> },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_v, item, index) => (
        <Space size={0}>
          <Tooltip title="上移（Alt+↑）">
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(item, -1)} aria-label={`上移：${item.title}`} />
          </Tooltip>
          <Tooltip title="下移（Alt+↓）">
            <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === agenda.length - 1} onClick={() => move(item, 1)} aria-label={`下移：${item.title}`} />
          </Tooltip>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(item)}>
            编辑
          </Button>
          <Popconfirm
            title="删除这项议程？"
            description={item.papers.length > 0 ? `其 ${item.papers.length} 个会议文件也将一并删除。` : '删除后无法恢复。'}
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove(item)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除议程：${item.title}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div className="agenda-tab">
      <RoomScreenControl meeting={meeting} room={room} />
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
          添加议程
        </Button>
        <span className="toolbar-hint">
          共 {agenda.length} 项。拖动行首的 <HolderOutlined /> 手柄，或选中一行后按 <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>Alt</kbd>+<kbd>↓</kbd> 调整顺序。
        </span>
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: '按空格键拿起议程，用上下方向键移动，再按空格键放下；按 Esc 取消。' } }}
      >
        <SortableContext items={agenda.map((i) => String(i.id))} strategy={verticalListSortingStrategy}>
          <Table<AgendaItem>
            rowKey={(item) => String(item.id)}
            columns={columns}
            dataSource={agenda}
            loading={loading && agenda.length === 0}
            pagination={false}
            size="middle"
            components={{ body: { row: SortableRow } }}
            onRow={(item) => ({
              tabIndex: 0,
              'aria-label': `议程 ${agenda.indexOf(item) + 1}：${item.title}`,
              onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => {
                if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                move(item, e.key === 'ArrowUp' ? -1 : 1);
              },
            }) as HTMLAttributes<HTMLTableRowElement>}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未添加议程">
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
                    添加议程
                  </Button>
                </Empty>
              ),
            }}
          />
        </SortableContext>
      </DndContext>
      {editing !== undefined ? (
        <AgendaItemModal
          meeting={meeting}
          item={editing}
          bodies={bodies}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void loadAgenda();
          }}
        />
      ) : null}
      {speechesOf ? <SpeechPanel item={speechesOf} onClose={() => setSpeechesOf(null)} onChanged={() => void loadAgenda()} /> : null}
    </div>
  );
}
