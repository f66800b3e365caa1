// The bare callback endpoint (see bare-endpoint.js): the service's crypto and XML path, nothing else.
import Koa from 'koa';
import getRawBody from 'raw-body';
import { openEnvelope } from '../src/wecom/crypto.ts';
import { readEnvelope, readInbound } from '../src/wecom/inbound.ts';

/** Listen on a free port and say which, as the service does. */
export async function startBareEndpoint(env: NodeJS.ProcessEnv): Promise<void> {
  const keys = { token: env.WECOM_TOKEN!, encodingAesKey: env.WECOM_AES_KEY!, receiveId: env.WECOM_CORP_ID! };
  const app = new Koa();
  app.use(async (ctx) => {
    const body = await getRawBody(ctx.req, { limit: 65536, encoding: 'utf8' });
    const envelope = readEnvelope(body);
    if (envelope.kind !== 'envelope') return void (ctx.status = 400);
    const { msg_signature: signature, timestamp, nonce } = ctx.query as Record<string, string>;
    const opened = openEnvelope(keys, { signature, timestamp, nonce, encrypted: envelope.encrypted });
    if (opened.kind !== 'opened' || readInbound(opened.plaintext).kind === 'invalid') return void (ctx.status = 401);
    ctx.status = 200;
    ctx.body = '';
  });
  const server = app.listen(0, () => console.error(`bare endpoint，监听端口 ${(server.address() as { port: number }).port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
