import { Form, Input, Radio } from 'antd';
import { CommitteeNameSchema, type CommitteeNameInput } from '../../../shared/api/supervision-schemas.js';
import { FULL_NAME_SUFFIX, OFFICES, SHORT_NAME_SUFFIX, type CommitteeName } from '../../../shared/domain/committee.js';
import { desk } from '../../lib/desk-client.js';
import { useFormSave, zodRule } from '../lib/form.js';
import { notify } from '../lib/notify.js';
import { FormModal } from './FormModal.js';

const FIELDS = ['fullName', 'shortName', 'office'] as const;

/** 洛阳市人民代表大会常务委员会 → 洛阳市人大常委会 (the usual short form), when the short name is still empty. */
function shortFromFull(full: string): string {
  return full.endsWith(FULL_NAME_SUFFIX) && full.length > FULL_NAME_SUFFIX.length ? full.slice(0, -FULL_NAME_SUFFIX.length) + SHORT_NAME_SUFFIX : '';
}

/**
 * The committee's own name: printed in every document's title, 主送 and 落款, in meeting titles,
 * on sign-in cards, the room screen and members' devices.
 */
export function CommitteeNameModal({ current, defaultOffice, onClose }: { current: CommitteeName | null; defaultOffice: CommitteeName['office']; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<CommitteeNameInput>();
  const { saving, submit } = useFormSave(
    form,
    FIELDS.map((f) => `committee.${f}`),
    (values) => desk.call('settings.update', { committee: values }),
    () => {
      notify.success('已保存本机关名称');
      onClose(true);
    },
  );
  return (
    <FormModal editing={current !== null} title="本机关名称" width={600} saving={saving} onOk={() => void submit()} onClose={() => onClose(false)}>
      <Form<CommitteeNameInput>
        form={form}
        layout="vertical"
        initialValues={current ?? { fullName: '', shortName: '', office: defaultOffice }}
        onValuesChange={(changed: Partial<CommitteeNameInput>) => {
          if (changed.fullName !== undefined && !form.getFieldValue('shortName')) {
            const short = shortFromFull(changed.fullName.trim());
            if (short) form.setFieldValue('shortName', short);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.nativeEvent.isComposing && !saving) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <Form.Item name="fullName" label="全称" rules={zodRule(CommitteeNameSchema.shape.fullName, '请填写全称')} extra="用于正式文件，如：洛阳市人民代表大会常务委员会">
          <Input placeholder={`某某市${FULL_NAME_SUFFIX}`} autoFocus aria-label="全称" />
        </Form.Item>
        <Form.Item name="shortName" label="简称" rules={zodRule(CommitteeNameSchema.shape.shortName, '请填写简称')} extra="用于会议名称、签到卡、会场大屏和表决页面，如：洛阳市人大常委会">
          <Input placeholder={`某某市${SHORT_NAME_SUFFIX}`} aria-label="简称" />
        </Form.Item>
        <Form.Item name="office" label="办事机构（发文署名）" extra="省、设区的市一般为办公厅，县级一般为办公室。">
          <Radio.Group options={OFFICES.map((o) => ({ value: o, label: o }))} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
