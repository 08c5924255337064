import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * One HTML entry per view. The projector and the voter views are added here as
 * `projector: 'projector/index.html'` etc.; paths are relative to renderer/.
 */
const pages: Record<string, string> = {
  console: 'console/index.html',
  projector: 'projector/index.html',
};

export default defineConfig({
  root: rendererRoot,
  // Relative asset paths: the same build is loaded from file:// in Electron and from the host server.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Served from disk or loopback, never over a slow network: a large antd chunk is fine.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([name, file]) => [name, fileURLToPath(new URL(`./renderer/${file}`, import.meta.url))])),
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/, priority: 10 },
            // Result charts load ECharts with import(); its own chunk keeps it out of the start-up bundle.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 15 },
            { name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs)[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
