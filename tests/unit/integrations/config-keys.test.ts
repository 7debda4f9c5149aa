import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, redactConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/core/errors.js';

const EXAMPLE = new URL('../../../config/axepilot.example.yaml', import.meta.url).pathname;

/** The keys of a section, each with the indentation it has in the example file. */
function documented(text: string, section: string, indent: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${section}:` || l === `  ${section}:`);
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(indent) && line.trim() !== '' && !line.trimStart().startsWith('#')) break;
    const match = new RegExp(`^${indent}([a-zA-Z]+):`).exec(line);
    if (match?.[1]) keys.push(match[1]);
  }
  return keys;
}

describe('http, mqtt and export config', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const { config } = loadConfig({ AXEPILOT_CONFIG: EXAMPLE });

  it('documents every key of the schema in the example file, with the default as its value', () => {
    expect(documented(text, 'http', '  ').sort()).toEqual(Object.keys(config.http).sort());
    expect(documented(text, 'mqtt', '  ').sort()).toEqual(Object.keys(config.mqtt).sort());
    expect(documented(text, 'influx', '    ').sort()).toEqual(Object.keys(config.export.influx).sort());
    const defaults = parseConfig({}, {});
    expect(config.http).toEqual(defaults.http);
    expect(config.mqtt).toEqual(defaults.mqtt);
    expect(config.export).toEqual(defaults.export);
  });

  it('is off by default, on loopback, and takes secrets from the environment, redacted when printed', () => {
    const defaults = parseConfig({}, {});
    expect(defaults.http).toEqual({ enabled: false, listen: '127.0.0.1:9321', token: null });
    expect(defaults.mqtt).toMatchObject({ enabled: false, baseTopic: 'axepilot', discoveryPrefix: 'homeassistant', stateIntervalSeconds: 30, allowControls: false });
    const fromEnv = parseConfig({}, { AXEPILOT_HTTP_TOKEN: 'h', AXEPILOT_MQTT_PASSWORD: 'm', AXEPILOT_MQTT_USERNAME: 'u', AXEPILOT_INFLUX_TOKEN: 'i' });
    expect([fromEnv.http.token, fromEnv.mqtt.username, fromEnv.mqtt.password, fromEnv.export.influx.token]).toEqual(['h', 'u', 'm', 'i']);
    const printed = JSON.stringify(redactConfig(fromEnv));
    for (const secret of ['"h"', '"m"', '"i"']) expect(printed).not.toContain(secret);
  });

  it('says what is wrong with a bad listen address, topic or an influx export without a target', () => {
    const problems = (raw: unknown): string[] => {
      try {
        parseConfig(raw, {});
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
    };
    expect(problems({ http: { listen: '9321' } })).toEqual([expect.stringContaining('http.listen: must be host:port')]);
    expect(problems({ mqtt: { baseTopic: 'a/b' } })).toEqual([expect.stringContaining('mqtt.baseTopic')]);
    expect(problems({ export: { influx: { enabled: true } } })).toEqual([
      expect.stringContaining('export.influx.url'), expect.stringContaining('export.influx: set bucket'),
    ]);
  });
});
