// wechat4u ships no types; src/channels/wechat4u.ts declares the part nianbao uses.
declare module 'wechat4u';
