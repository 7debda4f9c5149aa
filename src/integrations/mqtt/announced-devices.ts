/**
 * Which Home Assistant device each miner name has been announced as. A miner's device id follows its MAC, so a new
 * board under the same name (a swap, a replaced unit) is a new device; the old one must be cleared, or Home Assistant
 * keeps an "unavailable" twin of the miner for ever.
 */
export class AnnouncedDevices {
  private readonly byName = new Map<string, Set<string>>();

  /** `name` was announced as `deviceId`, by this run or by an earlier one (its retained config on the broker). */
  remember(name: string, deviceId: string): void {
    const ids = this.byName.get(name) ?? new Set<string>();
    ids.add(deviceId);
    this.byName.set(name, ids);
  }

  /** The device ids `name` was announced as other than `current`, forgotten here: the caller clears them. */
  takeReplaced(name: string, current: string): string[] {
    const ids = this.byName.get(name);
    if (!ids) return [];
    const replaced = [...ids].filter((id) => id !== current);
    for (const id of replaced) ids.delete(id);
    return replaced;
  }
}
