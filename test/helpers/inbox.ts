/**
 * Messages a test connection received and has not read yet, in arrival order, with a wait for the
 * next one bounded by a deadline (and cut short when the connection closes).
 */
export class Inbox<T> {
  private items: T[] = [];
  private waiters: (() => void)[] = [];
  /** Why no more messages will come (null while open). */
  private closedWhy: string | null = null;

  get length(): number {
    return this.items.length;
  }

  push(m: T): void {
    this.items.push(m);
    this.wake();
  }

  /** Puts messages back at the head (read past while looking for another). */
  unshift(...ms: T[]): void {
    this.items.unshift(...ms);
  }

  /** No more messages will come: waits end with an error saying `why`. */
  close(why: string): void {
    this.closedWhy = why;
    this.wake();
  }

  /** The next message; `what` names it in the timeout error. */
  async next(timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length === 0) {
      if (this.closedWhy !== null) throw new Error(`${this.closedWhy} while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.items.shift()!;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
