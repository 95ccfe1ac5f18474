// ECE 11.6 chat button: shows the button only while chatAllowed says a chat can start, says why
// when it cannot, shows the queue from liveSessionStatus, hides everything on errors and time-outs,
// and posts the end-of-chat survey. Plain JavaScript, no build step. Every path, element and
// attribute name, every quantity and every state this page reports comes from ece-api.js, which the reference
// server generates from the spec (openapi.yaml; x-ece.chatButton is this page's own contract).
(function () {
  'use strict';

  var api = window.EceApi;
  var page = api.page;
  var states = page.states;
  var named = api.quantities;
  var box = document.getElementById(page.container);
  var ui = {
    button: document.getElementById(page.button),
    reason: document.getElementById(page.reasonText),
    loading: document.getElementById('ece-chat-loading'),
    queue: document.getElementById('ece-chat-queue'),
    session: document.getElementById('ece-chat-session'),
    end: document.getElementById('ece-chat-end'),
    survey: document.getElementById('ece-chat-survey'),
    result: document.getElementById('ece-chat-survey-result')
  };

  var query = new URLSearchParams(window.location.search);
  // Each parameter from the query string, else the container's data- attribute, else the default.
  function setting(name, fallback) { return query.get(page.parameters[name]) || box.dataset[page.parameters[name]] || fallback; }
  var config = {
    api: setting('api', api.basePath).replace(/\/$/, ''),
    entryPoint: setting('entryPoint', String(api.exampleEntryPoint)),
    pollMs: Number(setting('pollMs', 5000)),
    timeoutMs: Number(setting('timeoutMs', 3000)),
    // chatAllowed (entry point active, agents, queue; says why) or checkEligibility (agents and queue only):
    // the root name of the operation to poll, as the API names it.
    source: setting('source', operationReporting(named.chatAllowed).op.root)
  };

  // Find operations and fields by what they report, never by their wire names.
  function operationReporting(quantity) {
    var ids = Object.keys(api.operations);
    for (var i = 0; i < ids.length; i++) {
      var op = api.operations[ids[i]];
      var field = op.fields.filter(function (f) { return f.quantity === quantity; })[0];
      if (field) { return { op: op, field: field }; }
    }
    throw new Error('ece-api.js reports no ' + quantity);
  }
  function fieldOf(fields, quantity) { return fields.filter(function (f) { return f.quantity === quantity; })[0]; }

  var allowed = operationReporting(named.chatAllowed);
  var reasonField = fieldOf(allowed.op.fields, named.conditions);
  // Eligibility: the enumeration that has a value for "no condition holds" (its default); the spec names it.
  var eligibilityOp = api.operations[api.eligibility];
  var eligibility = { op: eligibilityOp, field: fieldOf(eligibilityOp.fields, named.conditions) };
  var waitTime = operationReporting(named.waitTime);
  var queueDepthField = fieldOf(waitTime.op.fields, named.queueDepth);
  var survey = operationReporting(named.surveyItems);

  function url(op) { return config.api + op.path.replace(api.idParameter, encodeURIComponent(config.entryPoint)); }

  // GET an answer and return its root element; any failure (status, time-out, bad XML) throws.
  function fetchAnswer(op) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, config.timeoutMs);
    return fetch(url(op), { headers: { Accept: op.mediaType }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error(op.root + ' answered ' + response.status); }
        return response.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'application/xml');
        var root = doc.documentElement;
        if (doc.getElementsByTagName('parsererror').length || root.localName !== op.root || root.namespaceURI !== (op.rootNamespace || null)) {
          throw new Error(op.root + ': the answer is not the expected XML');
        }
        return root;
      })
      .catch(function (error) {
        // An abort is our own time-out: say so, rather than the browser's "signal is aborted without reason".
        throw error && error.name === 'AbortError' ? new Error(op.root + ': no answer within ' + config.timeoutMs + ' ms') : error;
      })
      .finally(function () { clearTimeout(timer); });
  }

  // Namespaces are compared by URI: a server may use any prefix, not only ns2.
  function read(root, field) {
    if (field.attribute) { return root.getAttribute(field.name); }
    var found = root.getElementsByTagNameNS(field.namespace, field.name)[0];
    return found ? found.textContent.trim() : null;
  }

  function show(element, text) {
    if (text !== undefined) { element.textContent = text; }
    element.hidden = false;
  }
  function hide(element) { element.hidden = true; }

  // Customers read the spec's customer wording (x-ece-customer); the web developer gets the spec's own meaning
  // in the browser console, once per change, to see why the button is hidden.
  var lastSaid = '';
  function tellDeveloper(text) {
    if (text !== lastSaid) { lastSaid = text; console.info('[ece-chat] ' + text); }
  }

  // The state and the refusal's wire value, on the container's attributes that x-ece.chatButton names.
  function setState(state, reason, why) {
    box.setAttribute(page.stateAttribute, state);
    box.setAttribute(page.reasonAttribute, reason || '');
    hide(ui.loading);
    if (state === states.allowed) {
      show(ui.button);
      hide(ui.reason);
      tellDeveloper('button shown: ' + config.source + ' says a chat can start.');
    } else {
      hide(ui.button);
      hide(ui.queue); // no wait estimate for a chat that cannot start
      var field = config.source === eligibility.op.root ? eligibility.field : reasonField;
      var customer = reason && field.customer[reason];
      show(ui.reason, state === states.refused && customer ? customer : page.unavailable);
      tellDeveloper(state === states.refused
        ? 'button hidden: ' + config.source + ' answered ' + field.name + '="' + (reason || '') + '"' + (field.values[reason] ? ' (' + field.values[reason] + ')' : '') + '.'
        : 'button hidden: ' + config.source + ' could not be read (' + (why || 'no reason given') + ').');
    }
  }

  function showQueue(root) {
    var wait = read(root, waitTime.field);
    var depth = read(root, queueDepthField);
    if (wait === null || depth === null || isNaN(Number(wait)) || isNaN(Number(depth))) { throw new Error('incomplete queue status'); }
    ui.queue.dataset.waitTime = wait;
    ui.queue.dataset.queueDepth = depth;
    show(ui.queue, 'Estimated wait: ' + formatWait(Number(wait)) + '. Chats waiting: ' + Number(depth) + '.');
  }

  function formatWait(seconds) {
    if (seconds < 60) { return Math.round(seconds) + ' s'; }
    return Math.round(seconds / 60) + ' min';
  }

  var inSession = false;
  function poll() {
    if (inSession) { return; }
    var asked = config.source === eligibility.op.root ? eligibility : allowed;
    fetchAnswer(asked.op)
      .then(function (root) {
        var value = (read(root, asked.field) || '').trim();
        if (asked === eligibility) {
          if (value === eligibility.field.default) { setState(states.allowed); } else { setState(states.refused, value); }
        } else if (api.booleanTrue.indexOf(value) >= 0) { setState(states.allowed); } else { setState(states.refused, read(root, reasonField)); }
        // The queue is shown only beside a button a customer can press.
        if (box.getAttribute(page.stateAttribute) === states.allowed) {
          return fetchAnswer(waitTime.op).then(showQueue).catch(function () { hide(ui.queue); });
        }
      })
      .catch(function (error) { setState(states.error, '', error && error.message); });
  }

  ui.button.addEventListener('click', function () {
    inSession = true;
    box.setAttribute(page.stateAttribute, states.session);
    hide(ui.button); hide(ui.queue); hide(ui.reason);
    show(ui.session);
  });

  ui.end.addEventListener('click', function () {
    hide(ui.session);
    box.setAttribute(page.stateAttribute, states.survey);
    show(ui.survey);
  });

  // The survey body as the spec describes it: root, session id attribute, one item per question.
  function surveyBody(sessionId) {
    var doc = document.implementation.createDocument(null, survey.op.root, null);
    var root = doc.documentElement;
    root.setAttribute(fieldOf(survey.op.fields, named.sessionId).name, sessionId);
    var questionField = fieldOf(survey.field.item, named.question);
    var answerField = fieldOf(survey.field.item, named.answer);
    Array.prototype.forEach.call(ui.survey.querySelectorAll('[data-question]'), function (input) {
      var item = doc.createElement(survey.field.name);
      var question = doc.createElement(questionField.name);
      question.textContent = input.dataset.question;
      var answer = doc.createElement(answerField.name);
      answer.textContent = input.value;
      item.appendChild(question);
      item.appendChild(answer);
      root.appendChild(item);
    });
    return new XMLSerializer().serializeToString(doc);
  }

  ui.survey.addEventListener('submit', function (event) {
    event.preventDefault();
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, config.timeoutMs);
    fetch(config.api + survey.op.path, {
      method: survey.op.method,
      headers: { 'Content-Type': survey.op.mediaType },
      body: surveyBody(String(Date.now())),
      signal: controller.signal
    }).then(function (response) {
      hide(ui.survey);
      box.setAttribute(page.stateAttribute, response.ok ? states.surveySent : states.surveyFailed);
      show(ui.result, response.ok ? 'Thank you for your feedback.' : 'Sorry, your survey could not be sent (' + response.status + ').');
    }).catch(function () {
      box.setAttribute(page.stateAttribute, states.surveyFailed);
      show(ui.result, 'Sorry, your survey could not be sent.');
    }).finally(function () { clearTimeout(timer); });
  });

  poll();
  setInterval(poll, config.pollMs);
}());
