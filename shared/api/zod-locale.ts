import { z } from 'zod';

/** Chinese messages for zod's built-in checks (wrong types, unknown keys …). Import once per process. */
z.config(z.locales.zhCN());
