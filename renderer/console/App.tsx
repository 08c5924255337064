import { ApartmentOutlined, AuditOutlined, ExportOutlined, BankOutlined, CalendarOutlined, IdcardOutlined, InfoCircleOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, ConfigProvider, Layout, Menu, Result, Select, Spin, Tooltip } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useRef } from 'react';
import { TERM_LEVEL_LABEL } from '../../shared/domain/labels.js';
import { setMessageApi } from './lib/notify.js';
import { AboutPage } from './pages/AboutPage.js';
import { BodiesPage } from './pages/BodiesPage.js';
import { MeetingPage } from './pages/MeetingPage.js';
import { MeetingsPage } from './pages/MeetingsPage.js';
import { MembersPage } from './pages/MembersPage.js';
import { PollPage } from './pages/PollPage.js';
import { WelcomePage } from './pages/WelcomePage.js';
import { AppointeesPage } from './pages/AppointeesPage.js';
import { LedgerPage } from './pages/LedgerPage.js';
import { OpinionDraftPage } from './pages/OpinionDraftPage.js';
import { OpinionPage } from './pages/OpinionPage.js';
import { PlanPage } from './pages/PlanPage.js';
import { SubjectPage } from './pages/SubjectPage.js';
import { ExportPage } from './pages/ExportPage.js';
import { SignInSheetPage } from './pages/SignInSheetPage.js';
import { PrintPage } from './pages/PrintPage.js';
import { OverdueReminder } from './components/OverdueReminder.js';
import { navigate, useRouteStore, type Route } from './router.js';
import { useAppStore } from './stores/app-store.js';
import { usePollStore } from './stores/poll-store.js';
import { startSync } from './stores/sync.js';
import { useTermStore } from './stores/term-store.js';
import { theme } from './theme.js';

type MenuKey = 'meetings' | 'plan' | 'opinions' | 'exports' | 'members' | 'bodies' | 'appointees' | 'about';

function menuKey(route: Route): MenuKey {
  switch (route.name) {
    case 'meeting':
    case 'poll':
      return 'meetings';
    case 'opinion':
    case 'opinionNew':
      return 'opinions';
    case 'subject':
      return route.kind === 'body' ? 'bodies' : 'appointees';
    case 'print':
      return 'exports';
    case 'signInSheet':
      return 'meetings';
    default:
      return route.name;
  }
}

const MENU_ITEMS = [
  { key: 'meetings', icon: <CalendarOutlined />, label: '会议' },
  { key: 'plan', icon: <ScheduleOutlined />, label: '年度监督计划' },
  { key: 'opinions', icon: <AuditOutlined />, label: '审议意见台账' },
  { key: 'exports', icon: <ExportOutlined />, label: '报告导出' },
  { key: 'members', icon: <TeamOutlined />, label: '届次与组成人员' },
  { key: 'bodies', icon: <ApartmentOutlined />, label: '汇报单位' },
  { key: 'appointees', icon: <IdcardOutlined />, label: '被任命人员' },
  { key: 'about', icon: <InfoCircleOutlined />, label: '关于与数据' },
];

function menuRoute(key: MenuKey): Route {
  return key === 'plan' ? { name: 'plan', year: null } : { name: key };
}

function MessageBinder() {
  const { message } = AntApp.useApp();
  useEffect(() => setMessageApi(message), [message]);
  return null;
}

/**
 * A poll notice (e.g. auto-close could not close) reaches the clerk wherever they are: on the
 * poll's page it stands as an alert; elsewhere it is a notification that stays until closed.
 */
function NoticeBinder() {
  const { notification } = AntApp.useApp();
  const notices = usePollStore((s) => s.notices);
  const shown = useRef(new Set<number>());
  useEffect(() => {
    const route = useRouteStore.getState().route;
    for (const n of notices) {
      if (shown.current.has(n.id)) continue;
      shown.current.add(n.id);
      if (route.name === 'poll' && route.id === n.pollId) continue;
      const key = `poll-notice-${n.id}`;
      notification.error({
        key,
        title: '表决需要处理',
        description: n.message,
        duration: false,
        actions: (
          <Button
            type="primary"
            size="small"
            onClick={() => {
              notification.destroy(key);
              navigate({ name: 'poll', id: n.pollId });
            }}
          >
            打开该表决
          </Button>
        ),
      });
    }
  }, [notices, notification]);
  return null;
}

function HeaderTerm() {
  const terms = useTermStore((s) => s.terms);
  const currentTermId = useTermStore((s) => s.currentTermId);
  const selectTerm = useTermStore((s) => s.selectTerm);
  const term = terms.find((t) => t.id === currentTermId);
  if (!term) return <span className="header-term muted-on-dark">尚未建立届次</span>;
  return (
    <span className="header-term">
      <span className="header-term-label">当前届次</span>
      <Select
        size="small"
        variant="borderless"
        value={term.id}
        onChange={selectTerm}
        popupMatchSelectWidth={false}
        className="header-term-select"
        options={terms.map((t) => ({ value: t.id, label: `${t.name}（${TERM_LEVEL_LABEL[t.level]}）` }))}
        aria-label="当前届次"
        data-testid="header-term"
      />
    </span>
  );
}

function Connection() {
  const connection = useAppStore((s) => s.connection);
  if (connection === 'connected') {
    return (
      <Tooltip title="与会务服务的实时连接正常，其他窗口的修改会自动显示">
        <Badge status="success" text={<span className="header-conn">已连接</span>} />
      </Tooltip>
    );
  }
  return (
    <Tooltip title="实时连接中断，正在重试；期间其他窗口的修改不会自动显示">
      <Badge status={connection === 'connecting' ? 'processing' : 'error'} text={<span className="header-conn">{connection === 'connecting' ? '正在重新连接' : '未连接'}</span>} />
    </Tooltip>
  );
}

function Content() {
  const route = useRouteStore((s) => s.route);
  const termsLoaded = useTermStore((s) => s.termsLoaded);
  const noTerms = useTermStore((s) => s.terms.length === 0);
  const needsTerm = route.name === 'meetings' || route.name === 'members' || route.name === 'meeting' || route.name === 'opinionNew';
  if (needsTerm && !termsLoaded) return <Spin size="large" className="page-spin" />;
  if (needsTerm && noTerms) return <WelcomePage />;
  switch (route.name) {
    case 'meetings':
      return <MeetingsPage />;
    case 'meeting':
      return <MeetingPage id={route.id} tab={route.tab} />;
    case 'poll':
      return <PollPage id={route.id} />;
    case 'members':
      return <MembersPage />;
    case 'bodies':
      return <BodiesPage />;
    case 'about':
      return <AboutPage />;
    case 'plan':
      return <PlanPage year={route.year} />;
    case 'opinions':
      return <LedgerPage />;
    case 'opinion':
      return <OpinionPage id={route.id} />;
    case 'opinionNew':
      return <OpinionDraftPage agendaItemId={route.agendaItemId} />;
    case 'subject':
      return <SubjectPage kind={route.kind} id={route.id} />;
    case 'appointees':
      return <AppointeesPage />;
    case 'exports':
      return <ExportPage />;
    case 'print':
      return <PrintPage request={route.request} />;
    case 'signInSheet':
      return <SignInSheetPage meetingId={route.meetingId} />;
  }
}

function Shell() {
  const route = useRouteStore((s) => s.route);
  const info = useAppStore((s) => s.info);
  const fatal = useAppStore((s) => s.fatal);
  const loadApp = useAppStore((s) => s.load);
  const loadTerms = useTermStore((s) => s.loadTerms);

  useEffect(() => {
    startSync();
    // Terms only once the service answered: otherwise the fatal page says it all, without extra toasts.
    void loadApp().then(() => {
      if (useAppStore.getState().info) void loadTerms();
    });
  }, [loadApp, loadTerms]);

  if (fatal && !info) {
    const unauthorized = fatal.code === 'UNAUTHORIZED';
    return (
      <Result
        status="warning"
        title={unauthorized ? '控制台链接无效或已过期' : '无法连接到会务服务'}
        subTitle={unauthorized ? '请从会务程序重新打开控制台：程序每次启动时会给出新的控制台链接。' : fatal.message}
        extra={
          unauthorized ? null : (
            <Button type="primary" onClick={() => window.location.reload()}>
              重新连接
            </Button>
          )
        }
      />
    );
  }

  return (
    <Layout className="shell">
      <Layout.Header className="shell-header">
        <div className="brand">
          <BankOutlined className="brand-icon" />
          <span className="brand-name">常委会会务</span>
        </div>
        <HeaderTerm />
        <div className="header-right">
          <Connection />
          {info ? <span className="header-version">v{info.version}</span> : null}
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" className="shell-sider" breakpoint="lg" collapsedWidth={64}>
          <Menu mode="inline" selectedKeys={[menuKey(route)]} items={MENU_ITEMS} onClick={({ key }) => navigate(menuRoute(key as MenuKey))} className="shell-menu" />
          {info ? (
            <a
              className="sider-footer"
              href="#/about"
              title={`数据文件夹：${info.dataDir}`}
              onClick={(e) => {
                e.preventDefault();
                navigate({ name: 'about' });
              }}
            >
              数据文件夹：{info.dataDir.split(/[\\/]/).filter(Boolean).pop() ?? info.dataDir}
            </a>
          ) : null}
        </Layout.Sider>
        <Layout.Content className="shell-content">
          <OverdueReminder />
          <Content />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <MessageBinder />
        <NoticeBinder />
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}
