import { message as staticMessage } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { DeskError } from '../../lib/desk-client.js';

/**
 * antd's message API bound to the app's ConfigProvider (set once by <App>), so toasts use
 * the console's theme and locale. Falls back to the static API before that.
 */
let api: MessageInstance | null = null;

export function setMessageApi(instance: MessageInstance): void {
  api = instance;
}

function m(): MessageInstance {
  return api ?? staticMessage;
}

export const notify = {
  success: (text: string) => void m().success(text),
  info: (text: string) => void m().info(text),
  warning: (text: string) => void m().warning(text),
  error: (text: string) => void m().error({ content: text, duration: 6 }),
};

/** The Chinese message of any failure; unknown errors get a generic next step. */
export function errorText(err: unknown): string {
  if (err instanceof DeskError) return err.message;
  console.error(err);
  return '操作未能完成，请重试；如果问题持续，请重新启动会务程序';
}

export function showError(err: unknown): void {
  notify.error(errorText(err));
}
