import { AppError } from '../../../shared/api/errors.js';
import { countTerms } from '../../../db/repos/term.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { loadDemo } from './demo.service.js';

export function appHandlers(deps: Deps): Pick<Handlers, 'app.info' | 'demo.load'> {
  return {
    'app.info': async () => ({
      version: deps.info.version,
      mode: deps.platform.mode,
      dataDir: deps.info.dataDir,
      dbFile: deps.info.dbFile,
      schemaVersion: deps.info.schemaVersion,
      empty: (await countTerms(deps.db)) === 0,
    }),
    'demo.load': async () => {
      if ((await countTerms(deps.db)) > 0) {
        throw new AppError('STATE', '数据库中已有数据，示例数据只能载入到空数据库中。');
      }
      return loadDemo(deps);
    },
  };
}
