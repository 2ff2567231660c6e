// The call components other features embed (the session room page, /device-check).
export { CallRoom, type CallRoomProps } from "./call-room";
export { DeviceCheck, type DeviceCheckProps } from "./device-check";
export type { CallConnectionState } from "./call-ui";
export type { CallStats, ConnectionSample, ConnectionQuality } from "@/lib/video/stats";
export type { ConnectionDetails, SelectedDevices } from "@/lib/video/connection";
export { createPusherSignaling, type PusherChannelLike } from "@/lib/video/pusher-signaling";
export type { SignalingChannel } from "@/lib/video/signaling";
