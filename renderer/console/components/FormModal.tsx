import { Modal } from 'antd';
import type { ReactNode } from 'react';

/** The modal every create/edit form uses: `createText` (添加/新建) for a new record, 保存 for an edit; not closed by a stray click outside. */
export function FormModal({
  editing,
  createText = '添加',
  title,
  width = 640,
  saving,
  onOk,
  onClose,
  children,
}: {
  editing: boolean;
  createText?: string;
  title: ReactNode;
  width?: number;
  saving: boolean;
  onOk: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal open title={title} okText={editing ? '保存' : createText} cancelText="取消" onOk={onOk} onCancel={onClose} confirmLoading={saving} width={width} mask={{ closable: false }}>
      {children}
    </Modal>
  );
}
