// Runs the built app: the Electron window when the Electron binary is installed, otherwise
// host mode (the same console in a browser). Never require('electron') here: when the
// binary is missing, its index.js starts a download, which hangs or fails offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = path.join(root, 'node_modules', 'electron');

/** The executable's path inside dist/, as electron/install.js computes it. */
function platformPath() {
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Absolute path of the Electron executable, or null when it is not installed. */
function findElectron() {
  const pathFile = path.join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative || platformPath()) : relative ? path.join(electronPackage, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/** One quiet attempt to fetch the binary, as `npm install` would have done. */
function tryInstallElectron() {
  const installer = path.join(electronPackage, 'install.js');
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) return;
  spawnSync(process.execPath, [installer], { cwd: electronPackage, stdio: 'ignore', timeout: 20_000 });
}

/** Run a child with inherited stdio; pass our signals on and exit the way it exits. */
function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => {
    if (!child.killed) child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (err) => {
    console.error(`无法启动 ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

let electron = findElectron();
if (!electron) {
  tryInstallElectron();
  electron = findElectron();
}

const extraArgs = process.argv.slice(2);
if (electron) {
  // Launch the app directory so Electron reads package.json (name, version, main).
  run(electron, [root, ...extraArgs]);
} else {
  console.log('未找到 Electron 程序（安装时跳过了下载），改为主机模式运行：在浏览器中打开下面的控制台地址。 Electron binary not found; running in host mode.');
  run(process.execPath, [path.join(root, 'dist', 'host', 'host.mjs'), ...extraArgs]);
}
