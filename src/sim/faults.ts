/**
 * Faults a test or a demo can inject. HTTP-level: 'offline' (no answer at all), 'slow' (answers late), 'garbage'
 * (200 with a broken body), 'http500'. Physical: 'flatline' (answers normally, hashrate frozen at 0 and no shares —
 * ESP-Miner issue 1053), 'fan-failure' (tach 0 and no airflow while the duty says otherwise), 'overheat' (airflow
 * blocked until the protection trips).
 */
export const SIM_FAULTS = ['offline', 'slow', 'garbage', 'http500', 'flatline', 'fan-failure', 'overheat'] as const;

export type SimFault = (typeof SIM_FAULTS)[number];

export function isSimFault(value: unknown): value is SimFault {
  return typeof value === 'string' && (SIM_FAULTS as readonly string[]).includes(value);
}
