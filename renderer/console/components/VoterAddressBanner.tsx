import { WifiOutlined } from '@ant-design/icons';
import { Alert, Skeleton, Typography } from 'antd';
import type { VoterInfo } from '../../../shared/api/voter-schemas.js';
import { deviceUrls, displayUrl } from '../stores/credential-store.js';
import { CredentialQrCode } from './CredentialQrCode.js';

/**
 * Where member devices connect: the voter listener's address(es) in large type and a QR
 * code of the first one, for the clerk to read out or show when a device has lost its card.
 */
export function VoterAddressBanner({ voter }: { voter: VoterInfo | null }) {
  if (!voter) {
    return (
      <div className="voter-banner">
        <Skeleton active paragraph={{ rows: 2 }} />
      </div>
    );
  }
  if (!voter.running) {
    return (
      <Alert
        type="warning"
        showIcon
        className="voter-banner-alert"
        data-testid="voter-address"
        title="投票服务未运行：成员设备现在无法登录和投票"
        description="纸质表决票仍可照常录入。要使用设备投票，请先确认本机已连接会场网络，再关闭并重新打开会务程序；如仍未运行，请联系负责安装本程序的技术人员开启投票服务。"
      />
    );
  }
  const { urls, loopbackOnly } = deviceUrls(voter);
  const first = urls[0];
  return (
    <div className="voter-banner" data-testid="voter-address">
      {first ? <CredentialQrCode className="voter-banner-qr" text={first} size={132} alt={`投票地址二维码：${displayUrl(first)}`} /> : null}
      <div className="voter-banner-body">
        <div className="voter-banner-label">
          <WifiOutlined /> 成员设备登录地址
        </div>
        {urls.length > 0 ? (
          <div className="voter-banner-urls">
            {urls.map((u) => (
              <Typography.Text key={u} className="voter-banner-url" copyable={{ text: displayUrl(u), tooltips: ['复制地址', '已复制'] }}>
                {displayUrl(u)}
              </Typography.Text>
            ))}
          </div>
        ) : (
          <div className="voter-banner-url muted">本机没有可用的网络地址</div>
        )}
        <div className="voter-banner-hint">成员设备连接本机的会场网络后，扫描签到卡上的二维码或打开此地址输入登录码。</div>
        {loopbackOnly ? <div className="voter-banner-note">投票服务只在本机上可用，会场内的其他设备无法连接。如需设备投票，请联系负责安装本程序的技术人员，让投票服务使用会场网络。</div> : null}
      </div>
    </div>
  );
}
