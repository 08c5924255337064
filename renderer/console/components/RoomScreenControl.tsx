import { DesktopOutlined, LockOutlined, OrderedListOutlined, PictureOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Switch, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ProjectorShowInput, ProjectorState } from '../../../shared/api/poll-schemas.js';
import type { Meeting } from '../../../shared/api/schemas.js';
import { chineseNumber } from '../../../shared/domain/format.js';
import { desk } from '../../lib/desk-client.js';
import { openProjectorWindow } from '../../lib/projector-url.js';
import { followProjectorState } from '../../lib/projector-state.js';
import { notify, showError } from '../lib/notify.js';
import '../room-screen.css';


const POLL_PHASE: Record<string, string> = { draft: '即将开始', open: '正在表决', closed: '等待公布结果', released: '已公布结果' };

/** What the room screen shows now, in words for the clerk. */
export function describeScreen(s: ProjectorState): string {
  switch (s.view) {
    case 'idle':
      return '等待画面（没有可显示的会议）';
    case 'title':
      return '会标';
    case 'agenda': {
      const current = s.agenda.find((a) => a.id === s.currentItemId);
      return current ? `议程（当前议题：第${chineseNumber(current.position)}项 ${current.title}）` : '议程';
    }
    case 'poll': {
      if (!s.poll) return '表决';
      const received = s.poll.status === 'open' ? `，已投 ${s.poll.received} 票` : '';
      return `表决“${s.poll.title}”（${POLL_PHASE[s.poll.status] ?? ''}${received}）`;
    }
  }
}

export interface RoomScreen {
  screen: ProjectorState | null;
  busy: boolean;
  show: (input: ProjectorShowInput) => Promise<void>;
}

/** The room screen's state, kept current by push events, and the call that changes it. */
export function useRoomScreen(): RoomScreen {
  const [screen, setScreen] = useState<ProjectorState | null>(null);
  const [busy, setBusy] = useState(false);

  // A failed refresh is reported; the next event tries again.
  useEffect(() => followProjectorState(setScreen, showError), []);

  const show = useCallback(async (input: ProjectorShowInput) => {
    setBusy(true);
    try {
      setScreen(await desk.call('projector.show', input));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  }, []);

  return { screen, busy, show };
}

/** The item the room screen marks as under way, when it shows this meeting. */
export function currentItemOnScreen(room: RoomScreen, meetingId: number): number | null {
  return room.screen?.meeting?.id === meetingId ? room.screen.currentItemId : null;
}

/**
 * The clerk's controls for the room screen (会场大屏), above the agenda: what it shows now,
 * the title / agenda / follow-the-vote buttons, the lock, and opening the screen itself.
 */
export function RoomScreenControl({ meeting, room }: { meeting: Meeting; room: RoomScreen }) {
  const { screen, busy, show } = room;

  const openScreen = () => {
    if (openProjectorWindow()) return;
    notify.info(desk.transport === 'electron' ? '请用菜单“视图 → 打开投影窗口”在会场显示器上打开大屏' : '浏览器阻止了弹出窗口，请允许本页面打开新窗口后重试');
  };

  const ours = screen?.meeting?.id === meeting.id;
  const view = ours ? screen.view : null;
  const closed = meeting.status === 'closed';
  return (
    <div className="room-screen-control" data-testid="room-screen-control">
      <div className="room-screen-now">
        <span className="room-screen-label">
          <DesktopOutlined /> 会场大屏
        </span>
        <span data-testid="room-screen-now">
          {!screen ? '正在读取…' : ours || screen.view === 'idle' ? `正在显示：${describeScreen(screen)}` : `正在显示其他会议：${screen.meeting?.title ?? ''}`}
        </span>
        {ours && screen.following && <Tag color="processing">自动跟随表决</Tag>}
        {screen?.pinned && (
          <Tag color="gold" icon={<LockOutlined />}>
            已锁定
          </Tag>
        )}
      </div>
      <div className="room-screen-actions">
        <Button size="small" icon={<PictureOutlined />} type={view === 'title' ? 'primary' : 'default'} disabled={busy} onClick={() => void show({ show: 'title', meetingId: meeting.id })}>
          显示会标
        </Button>
        <Button size="small" icon={<OrderedListOutlined />} type={view === 'agenda' ? 'primary' : 'default'} disabled={busy} onClick={() => void show({ show: 'agenda', meetingId: meeting.id })}>
          显示议程
        </Button>
        <Tooltip title={closed ? undefined : '显示本次会议最近的表决；之后开始的表决会自动显示在大屏上'}>
          <Button size="small" icon={<ThunderboltOutlined />} type={view === 'poll' ? 'primary' : 'default'} disabled={busy} onClick={() => void show({ show: 'follow', meetingId: meeting.id })}>
            跟随表决
          </Button>
        </Tooltip>
        <Tooltip title="锁定后，开始新的表决时大屏不再自动切换">
          <span className="room-screen-lock">
            <Switch size="small" checked={screen?.pinned ?? false} disabled={busy || !screen} onChange={(pinned) => void show({ show: 'pin', pinned })} aria-label="锁定当前画面" />
            锁定当前画面
          </span>
        </Tooltip>
        <Button size="small" type="link" icon={<DesktopOutlined />} onClick={openScreen}>
          打开大屏
        </Button>
      </div>
    </div>
  );
}
