import { AppError } from '../../../shared/api/errors.js';
import type { Deps } from '../deps.js';

export async function loadDemo(_deps: Deps): Promise<{ termId: never; members: number; meetings: number }> {
  throw new AppError('STATE', 'not yet');
}
