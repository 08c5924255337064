import { DatabaseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Result, Space } from 'antd';
import { useState } from 'react';
import { desk } from '../../lib/desk-client.js';
import { TermFormModal } from '../components/TermFormModal.js';
import { notify, showError } from '../lib/notify.js';
import { useAppStore } from '../stores/app-store.js';
import { useBodyStore } from '../stores/body-store.js';
import { useTermStore } from '../stores/term-store.js';

/** Shown while the database has no term yet: nothing else can be done before that. */
export function WelcomePage() {
  const [loadingDemo, setLoadingDemo] = useState(false);
  const [creating, setCreating] = useState(false);
  const loadTerms = useTermStore((s) => s.loadTerms);
  const selectTerm = useTermStore((s) => s.selectTerm);
  const loadApp = useAppStore((s) => s.load);
  const loadBodies = useBodyStore((s) => s.load);

  const loadDemo = async () => {
    setLoadingDemo(true);
    try {
      const result = await desk.call('demo.load', {});
      notify.success(`已载入示例数据：组成人员 ${result.members} 人，会议 ${result.meetings} 次`);
      await Promise.all([loadApp(), loadTerms(), loadBodies()]);
      selectTerm(result.termId);
    } catch (err) {
      showError(err);
    } finally {
      setLoadingDemo(false);
    }
  };

  return (
    <Card className="content-card welcome-card">
      <Result
        icon={<DatabaseOutlined style={{ color: '#1d4f91' }} />}
        title="欢迎使用常委会会务"
        subTitle={
          <>
            数据库中还没有任何届次。可以先载入一套示例数据熟悉各项功能，
            <br />
            也可以直接新建本届常委会，再添加或导入组成人员。
          </>
        }
        extra={
          <Space size="middle">
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建届次
            </Button>
            <Button size="large" loading={loadingDemo} onClick={loadDemo}>
              载入示例数据
            </Button>
          </Space>
        }
      />
      <p className="welcome-note">示例数据包含一届常委会、若干汇报单位和两次会议，仅用于熟悉操作。</p>
      {creating ? (
        <TermFormModal
          term={null}
          onClose={() => setCreating(false)}
          onSaved={(t) => {
            setCreating(false);
            void Promise.all([loadApp(), loadTerms()]).then(() => selectTerm(t.id));
          }}
        />
      ) : null}
    </Card>
  );
}
