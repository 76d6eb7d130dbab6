// Notification channels by kind: each sends one HTTP request to the channel's API.
export interface Alert {
  monitorId: string;
  message: string;
  target: string;
}

async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

const sendSlackAlert = (alert: Alert) => postJson(alert.target, { text: alert.message });
const sendSlackRecovery = (alert: Alert) => postJson(alert.target, { text: `Recovered: ${alert.message}` });
const sendWebhookAlert = (alert: Alert) => postJson(alert.target, { monitor: alert.monitorId, status: 'down', message: alert.message });
const sendWebhookRecovery = (alert: Alert) => postJson(alert.target, { monitor: alert.monitorId, status: 'up', message: alert.message });

export const channels = {
  slack: { sendAlert: sendSlackAlert, sendRecovery: sendSlackRecovery },
  webhook: { sendAlert: sendWebhookAlert, sendRecovery: sendWebhookRecovery },
};
