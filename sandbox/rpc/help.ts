// help.* : the DC configuration gramjs asks for on every connect.
import { Api } from "telegram";
import type { HandlerMap } from "./types.js";

export interface DcInfo {
  dcId: number;
  host: string;
  port: number;
}

export function helpHandlers(dc: DcInfo): HandlerMap {
  return {
    "help.GetConfig"(_q, ctx) {
      const now = ctx.now();
      return new Api.Config({
        date: now,
        expires: now + 3600,
        testMode: false,
        thisDc: dc.dcId,
        dcOptions: [new Api.DcOption({ id: dc.dcId, ipAddress: dc.host, port: dc.port })],
        dcTxtDomainName: "sandbox.invalid",
        chatSizeMax: 200,
        megagroupSizeMax: 200000,
        forwardedCountMax: 100,
        onlineUpdatePeriodMs: 210000,
        offlineBlurTimeoutMs: 5000,
        offlineIdleTimeoutMs: 30000,
        onlineCloudTimeoutMs: 300000,
        notifyCloudDelayMs: 30000,
        notifyDefaultDelayMs: 1500,
        pushChatPeriodMs: 60000,
        pushChatLimit: 2,
        editTimeLimit: 172800,
        revokeTimeLimit: 2147483647,
        revokePmTimeLimit: 2147483647,
        ratingEDecay: 2419200,
        stickersRecentLimit: 200,
        channelsReadMediaPeriod: 604800,
        callReceiveTimeoutMs: 20000,
        callRingTimeoutMs: 90000,
        callConnectTimeoutMs: 30000,
        callPacketTimeoutMs: 10000,
        meUrlPrefix: "https://t.me/",
        captionLengthMax: 1024,
        messageLengthMax: 4096,
        webfileDcId: dc.dcId,
      });
    },
    "help.GetNearestDc"() {
      return new Api.NearestDc({ country: "ZZ", thisDc: dc.dcId, nearestDc: dc.dcId });
    },
  };
}
