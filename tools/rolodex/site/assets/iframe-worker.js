/*
 * Rolodex: site search when the site is opened from file://.
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material for
 * MkDocs runs its search in one. Its offline plugin therefore loads a small shim
 * from unpkg.com; a Rolodex site must not reach other hosts, so it ships this one.
 * `IFrameWorker` runs the worker script in a hidden same-origin iframe and carries
 * messages both ways; over http(s) nothing changes and real workers are used.
 *
 * The search index ships once, as the script the offline plugin makes for file://
 * (search/search_index.js: `var __index = {...}`). Over http(s) Material asks for
 * search_index.json instead: that request reads the script, minus its first words.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || location.protocol === "file:" || !window.XMLHttpRequest) return;
  var PREFIX = "var __index = ".length;  // ASCII: as many bytes as characters
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var response = Object.getOwnPropertyDescriptor(proto, "response");
  var responseText = Object.getOwnPropertyDescriptor(proto, "responseText");
  proto.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    if (INDEX.test(String(url))) {
      args[1] = String(url).replace("search_index.json", "search_index.js");
      Object.defineProperty(this, "response", {
        configurable: true,
        get: function () {
          var r = response.get.call(this);
          if (typeof Blob !== "undefined" && r instanceof Blob) return r.slice(PREFIX, r.size, "application/json");
          return typeof r === "string" ? r.slice(PREFIX) : r;
        }
      });
      Object.defineProperty(this, "responseText", {
        configurable: true,
        get: function () { return responseText.get.call(this).slice(PREFIX); }
      });
    }
    return open.apply(this, args);
  };
})();

(function () {
  "use strict";
  if (typeof window === "undefined" || location.protocol !== "file:" || window.IFrameWorker) return;

  function load(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = new URL(url, document.baseURI).href;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      (doc.head || doc.documentElement).appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._queue = [];
      this._ready = false;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "search";
      (document.body || document.documentElement).appendChild(frame);
      this._frame = frame;
      var self = this;
      var scope = frame.contentWindow;
      // The worker's global scope: what it posts comes to us; importScripts loads in order.
      scope.postMessage = function (data) { self._emit("message", data); };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, u) {
          return done.then(function () { return load(frame.contentDocument, u); });
        }, Promise.resolve());
      };
      scope.close = function () { self.terminate(); };
      load(frame.contentDocument, url).then(function () {
        self._ready = true;
        self._queue.splice(0).forEach(function (data) { self._send(data); });
      }, function (error) { self._emit("error", error); });
    }

    postMessage(data) {
      if (this._ready) this._send(data);
      else this._queue.push(data);
    }

    terminate() {
      if (this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
      this._ready = false;
    }

    _send(data) {
      var scope = this._frame.contentWindow;
      if (scope) scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    _emit(type, data) {
      var event = type === "error"
        ? new ErrorEvent("error", { error: data, message: String(data) })
        : new MessageEvent("message", { data: data });
      this.dispatchEvent(event);
      var handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, event);
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
