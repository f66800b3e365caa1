// The composition root: read the configuration, start the service, stop it on a signal. The only
// file with side effects at start-up (`npm start`, PM2).
import { loadConfig } from '../config/load-config.ts';
import { AppError } from './app-error.ts';
import { startService } from './service.ts';

try {
  const config = loadConfig(process.env);
  const service = await startService(config);
  const where = service.url ? `，监听端口 ${new URL(service.url).port}` : '';
  console.error(`nianbao 已启动（${config.role === 'all' ? '网页服务与定时任务' : config.role === 'web' ? '网页服务' : '定时任务'}${where}）。`);
  if (!config.wecom) {
    console.error('未配置企业微信（WECOM_CORP_ID 等五项），当前为本地模式：可用 `npx nianbao demo` 建立演示数据，再用 `npx nianbao chat --user demo-official-1` 对话。');
  } else if (service.url) {
    console.error(`企业微信回调地址的路径：${config.wecom.callbackPath}`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
} catch (error) {
  console.error(error instanceof AppError ? error.message : error);
  process.exit(2);
}
