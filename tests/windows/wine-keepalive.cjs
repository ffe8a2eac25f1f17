// Preloaded (node.exe -r) by the Wine stand-in only, never by the program: Wine rejects the
// keep-alive option that undici sets on a socket before it connects ("connect UNKNOWN"),
// which Windows accepts. Deferring setKeepAlive until the socket is connected is Wine's
// workaround, not Windows': the workflow's Windows leg runs without it.
"use strict";
const net = require("node:net");
const original = net.Socket.prototype.setKeepAlive;
net.Socket.prototype.setKeepAlive = function setKeepAliveWhenConnected(...args) {
  if (this.connecting) {
    this.once("connect", () => original.apply(this, args));
    return this;
  }
  return original.apply(this, args);
};
