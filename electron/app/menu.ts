import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';

/** What the 视图 menu needs to offer the room screen; main.ts supplies it. */
export interface ProjectorMenu {
  displays: { id: number; label: string }[];
  isOpen: boolean;
  open(displayId: number): void;
  close(): void;
}

function projectorItems(p: ProjectorMenu): MenuItemConstructorOptions[] {
  return [
    {
      label: '打开投影窗口',
      // One entry per display: the room screen goes fullscreen on the one chosen.
      submenu: p.displays.map((d) => ({ label: d.label, click: () => p.open(d.id) })),
    },
    { label: '关闭投影窗口', enabled: p.isOpen, click: () => p.close() },
    { type: 'separator' },
  ];
}

/**
 * A small Chinese menu; the edit roles keep copy/paste shortcuts working on macOS. Without
 * `projector` the 视图 menu has no projector entries.
 */
export function buildMenu(projector?: ProjectorMenu): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const, label: app.getName() }] : []),
    {
      label: '文件',
      submenu: [{ role: process.platform === 'darwin' ? 'close' : 'quit', label: process.platform === 'darwin' ? '关闭窗口' : '退出' }],
    },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    {
      label: '视图',
      submenu: [
        ...(projector ? projectorItems(projector) : []),
        { role: 'reload', label: '重新加载' },
        { role: 'toggleDevTools', label: '开发者工具' },
        { type: 'separator' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全屏' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于常委会会务',
          click: () => {
            void dialog.showMessageBox({
              type: 'info',
              title: '关于',
              message: `常委会会务 ${app.getVersion()}`,
              detail: `数据文件夹：${app.getPath('userData')}`,
            });
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
