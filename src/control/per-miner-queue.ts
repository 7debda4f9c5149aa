/** One request at a time per miner: a check and its write must not interleave with another's. */
export class PerMinerQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(miner: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(miner) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(() => undefined, () => undefined);
    this.tails.set(miner, settled);
    void settled.then(() => { if (this.tails.get(miner) === settled) this.tails.delete(miner); });
    return next;
  }
}
