import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

/** CPU-profile this process while `fn` runs (the in-process sections: tally, ten-year queries). */
export async function profileInProcess<T>(file: string, fn: () => Promise<T>): Promise<{ value: T; file: string }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    let value: T;
    try {
      value = await fn();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
    }
    return { value, file };
  } finally {
    session.disconnect();
  }
}
