import type { ThemeConfig } from 'antd';

/** Calm office look: one deep blue, small radii, CJK fonts first in line for Windows, UOS and Kylin. */
export const PRIMARY = '#1d4f91';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorInfo: PRIMARY,
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: '#f2f4f7',
  },
  components: {
    Layout: { headerBg: '#163d70', headerHeight: 52, headerPadding: '0 20px', siderBg: '#ffffff' },
    Menu: { itemHeight: 44, itemMarginInline: 8, itemSelectedBg: '#e8eef7', itemSelectedColor: PRIMARY },
    Table: { headerBg: '#f5f7fa', headerColor: '#333', rowHoverBg: '#f5f8fc' },
    Card: { headerFontSize: 15 },
    // The palette of the deep blue makes a grey info background; a light blue reads as information.
    Alert: { colorInfoBg: '#eef3fa', colorInfoBorder: '#c5d5ea' },
  },
};
