import { Breadcrumb, Typography } from 'antd';
import type { ReactNode } from 'react';
import { navigate, routeHash, type Route } from '../router.js';

export interface Crumb {
  title: string;
  route?: Route;
}

/** Breadcrumbs, the screen's title and its main actions, the same on every screen. */
export function PageHeader({ crumbs, title, extra, children }: { crumbs: Crumb[]; title: ReactNode; extra?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <Breadcrumb
        items={[{ title: '常委会会务', route: { name: 'meetings' } } as Crumb, ...crumbs].map((c) => ({
          title: c.route ? (
            <a
              href={routeHash(c.route)}
              onClick={(e) => {
                e.preventDefault();
                navigate(c.route!);
              }}
            >
              {c.title}
            </a>
          ) : (
            c.title
          ),
        }))}
      />
      <div className="page-header-row">
        <Typography.Title level={3} className="page-title">
          {title}
        </Typography.Title>
        {extra ? <div className="page-header-extra">{extra}</div> : null}
      </div>
      {children}
    </div>
  );
}
