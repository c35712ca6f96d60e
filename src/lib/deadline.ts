/**
 * One deadline per request for everything it waits on from the store (the rate limiter and the record store share
 * it): a request waits at most `budgetMs` for the store to answer at all. Each answer restores the budget, so a long
 * healthy batch is never cut short, while a hung store (Redis stopped, not dead: its connections stay open) costs one
 * budget in all — not one per command in series. Once the budget is spent, later calls fail at once without being
 * started.
 */
export class DeadlineExceeded extends Error {
  constructor() {
    super("the store did not answer within the request's deadline");
    this.name = "DeadlineExceeded";
  }
}

export class Deadline {
  private end: number;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + budgetMs;
  }

  remaining(): number {
    return Math.max(0, this.end - this.now());
  }

  /** The operation's outcome, or DeadlineExceeded once the budget is spent (the operation is then abandoned). */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    const left = this.remaining();
    if (left <= 0) throw new DeadlineExceeded();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded()), left);
    });
    try {
      const result = await Promise.race([operation(), expiry]);
      this.end = this.now() + this.budgetMs;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }
}
