/**
 * Runs a keyed task at most once per interval: the first call runs at once, calls within
 * the interval collapse into one trailing run. Used for progress broadcasts.
 */
export class Throttle {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  constructor(private readonly intervalMs: number) {}

  run(key: string, task: () => void): void {
    if (this.pending.has(key)) return;
    const wait = (this.last.get(key) ?? 0) + this.intervalMs - Date.now();
    const fire = () => {
      this.pending.delete(key);
      this.last.set(key, Date.now());
      task();
    };
    if (wait <= 0) fire();
    else this.pending.set(key, setTimeout(fire, wait));
  }

  cancel(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
