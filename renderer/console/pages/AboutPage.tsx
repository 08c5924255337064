import { CopyOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tooltip } from 'antd';
import { PageHeader } from '../components/PageHeader.js';
import { notify } from '../lib/notify.js';
import { useAppStore } from '../stores/app-store.js';

function Copyable({ text }: { text: string }) {
  return (
    <span className="copyable">
      <span className="mono">{text}</span>
      <Tooltip title="复制">
        <Button
          type="text"
          size="small"
          icon={<CopyOutlined />}
          aria-label="复制路径"
          onClick={() => {
            navigator.clipboard.writeText(text).then(
              () => notify.success('已复制'),
              () => notify.warning('无法访问剪贴板，请手动选中复制'),
            );
          }}
        />
      </Tooltip>
    </span>
  );
}

export function AboutPage() {
  const info = useAppStore((s) => s.info);
  return (
    <>
      <PageHeader crumbs={[{ title: '关于与数据' }]} title="关于与数据" />
      <Card className="content-card" title="数据存放位置">
        {info ? (
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 160 } }}
            items={[
              { key: 'dir', label: '数据文件夹', children: <Copyable text={info.dataDir} /> },
              { key: 'db', label: '数据库文件', children: <Copyable text={info.dbFile} /> },
              { key: 'schema', label: '数据库结构版本', children: info.schemaVersion },
            ]}
          />
        ) : null}
        <p className="about-note">备份时请复制整个数据文件夹（包括其中的会议文件），并在会务程序关闭后进行。</p>
      </Card>
      <Card className="content-card" title="关于本程序">
        {info ? (
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 160 } }}
            items={[
              { key: 'name', label: '名称', children: '常委会会务（Committee Desk）' },
              { key: 'version', label: '版本', children: <span className="mono">{info.version}</span> },
              { key: 'mode', label: '运行方式', children: info.mode === 'electron' ? '桌面程序' : '浏览器控制台（本机服务）' },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
