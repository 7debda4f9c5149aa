/** The simulator's public surface: devices, their HTTP server and fleets, the in-process transport, ground truth. */
export { SimulatedMiner, type SimulatedMinerOptions, type SimRequest, type SimResponse } from './device.js';
export { SimTransport, type SimTransportOptions } from './transport.js';
export { startSimServer, type SimServer } from './server.js';
export { startSimFleet, parseModelList, DEFAULT_FIRMWARE, type SimFleet, type SimFleetMiner } from './fleet.js';
export { SIM_FAULTS, isSimFault, type SimFault } from './faults.js';
export { AmbientSchedule, type AmbientPoint } from './ambient.js';
export type { FaultTiming, FaultWindow } from './fault-schedule.js';
export { FIRMWARE_IDS, PROFILES, isFirmwareId, type FirmwareId, type FirmwareProfile } from './profiles.js';
export type { SimMinerState } from './state.js';
export type { SteadyState, OperatingPoint, SimTruth } from './truth.js';
