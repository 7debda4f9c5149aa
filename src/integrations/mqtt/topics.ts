/** The topic tree axepilot publishes under (`baseTopic`, default `axepilot`) and Home Assistant's discovery topics. */
export interface TopicRoots {
  baseTopic: string;
  discoveryPrefix: string;
}

export const ONLINE = 'online';
export const OFFLINE = 'offline';

export class Topics {
  constructor(readonly roots: TopicRoots) {}

  get bridgeAvailability(): string {
    return `${this.roots.baseTopic}/bridge/availability`;
  }

  get bridgeState(): string {
    return `${this.roots.baseTopic}/bridge/state`;
  }

  /** Home Assistant's birth and last-will topic. */
  get homeAssistantStatus(): string {
    return `${this.roots.discoveryPrefix}/status`;
  }

  get allDeviceConfigs(): string {
    return `${this.roots.discoveryPrefix}/device/+/config`;
  }

  get allCommands(): string {
    return `${this.roots.baseTopic}/+/set/+`;
  }

  get bridgeDeviceId(): string {
    return `${this.roots.baseTopic}_bridge`;
  }

  deviceId(minerKey: string): string {
    return `axepilot_${minerKey}`;
  }

  /** The miner key in a miner's device id, or null for any other id. */
  minerKeyOfDevice(deviceId: string): string | null {
    return deviceId.startsWith('axepilot_') && deviceId !== this.bridgeDeviceId ? deviceId.slice('axepilot_'.length) : null;
  }

  deviceConfig(deviceId: string): string {
    return `${this.roots.discoveryPrefix}/device/${deviceId}/config`;
  }

  /** The device id in a discovery topic, or null for any other topic. */
  deviceIdOfConfig(topic: string): string | null {
    const prefix = `${this.roots.discoveryPrefix}/device/`;
    if (!topic.startsWith(prefix) || !topic.endsWith('/config')) return null;
    const id = topic.slice(prefix.length, -'/config'.length);
    return id.includes('/') ? null : id;
  }

  state(minerKey: string): string {
    return `${this.roots.baseTopic}/${minerKey}/state`;
  }

  availability(minerKey: string): string {
    return `${this.roots.baseTopic}/${minerKey}/availability`;
  }

  event(minerKey: string): string {
    return `${this.roots.baseTopic}/${minerKey}/event`;
  }

  command(minerKey: string, control: string): string {
    return `${this.roots.baseTopic}/${minerKey}/set/${control}`;
  }

  /** `{ minerKey, control }` of a command topic, or null. */
  parseCommand(topic: string): { minerKey: string; control: string } | null {
    const parts = topic.split('/');
    if (parts.length !== 4 || parts[0] !== this.roots.baseTopic || parts[2] !== 'set') return null;
    return { minerKey: parts[1]!, control: parts[3]! };
  }
}
