// help.* : the DC configuration gramjs asks for on every connect. It lists every DC of the
// sandbox with its loopback address, as Telegram's lists its DCs (core.telegram.org/api/datacenter).
import { Api } from "telegram";
import type { HandlerMap } from "./types.js";

/** The DC new users without a test-convention phone are homed on, and the nearest for everyone. */
export const HOME_DC_DEFAULT = 2;

export function helpHandlers(): HandlerMap {
  return {
    "help.GetConfig"(_q, ctx) {
      const now = ctx.now();
      return new Api.Config({
        date: now,
        expires: now + 3600,
        testMode: false,
        thisDc: ctx.dcId,
        dcOptions: ctx.dcs().map((dc) => new Api.DcOption({ id: dc.id, ipAddress: dc.host, port: dc.port })),
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
        webfileDcId: HOME_DC_DEFAULT,
      });
    },
    "help.GetNearestDc"(_q, ctx) {
      return new Api.NearestDc({ country: "ZZ", thisDc: ctx.dcId, nearestDc: HOME_DC_DEFAULT });
    },
  };
}
