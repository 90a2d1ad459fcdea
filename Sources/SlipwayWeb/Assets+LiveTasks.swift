/// The script that keeps the run page and a workflow's run list current from the task event
/// stream (issue 12), served as a file (the content policy allows no inline script).
extension Assets {
    /// Follows the element with `data-task-events`. On a run page (`data-task-id`): the run's
    /// status and pending reason, each job's status and each stage's (from its jobs, as the engine
    /// sets it) with their durations, until the run ends (its cancel and approval forms and its
    /// pending reason then go) and the stream is closed. On a run list: each row's status, and new
    /// runs as rows rendered by the server (`data-row-src`). Status text comes from the page's
    /// label map, so it reads as the server writes it. A resync after a long break applies the
    /// unfinished tasks as stored; a run page whose run finished meanwhile is reloaded once (the
    /// reloaded page shows a finished run and follows nothing, so it cannot loop).
    static let liveTaskScript = """
        "use strict";
        (function () {
          var root = document.querySelector("[data-task-events]");
          if (!root || typeof EventSource === "undefined") { return; }
          var labels = JSON.parse(root.getAttribute("data-status-labels") || "{}");
          // TaskStatus.isCompleted, TaskStatus.stageStatus's order, and the statuses before a start.
          var ended = ["passed", "failed", "timeout", "cancelled", "reject", "skipped", "unstable"];
          var stageOrder = ["cancelled", "timeout", "failed", "pause", "reject", "passed", "unstable", "skipped"];
          var before = ["", "created", "waiting", "queued"];
          var taskID = root.getAttribute("data-task-id");
          var rowSource = root.getAttribute("data-row-src");
          var source = new EventSource(root.getAttribute("data-task-events"));
          var latest = {}, asked = {}, over = false;

          function isEnded(s) { return ended.indexOf(s) >= 0; }
          function all(selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
          function number(el, name) { return Number(el.getAttribute(name)) || 0; }
          function pad(n) { return n < 10 ? "0" + n : String(n); }
          // WebFormat.duration: "" before the start; an unfinished one counts up to now.
          function format(start, end) {
            if (!(start > 0)) { return ""; }
            var s = Math.max(0, Math.floor(((end > 0 ? end : Date.now()) - start) / 1000));
            if (s < 60) { return s + "s"; }
            if (s < 3600) { return Math.floor(s / 60) + "m " + pad(s % 60) + "s"; }
            return Math.floor(s / 3600) + "h " + pad(Math.floor((s % 3600) / 60)) + "m";
          }
          function show(d) { d.textContent = format(number(d, "data-start"), number(d, "data-end")); }
          var ticker = setInterval(function () {
            all(".duration").forEach(function (d) { if (number(d, "data-start") > 0 && number(d, "data-end") === 0) { show(d); } });
          }, 1000);

          // A holder (the run's line, a stage's or job's heading, a list row) takes status s at `millis` (0: unknown).
          function setStatus(holder, s, millis) {
            if (!holder) { return; }
            holder.setAttribute("data-status", s);
            var span = holder.querySelector(".status");
            if (span) {
              span.className = "status status-" + (s || "not_started");
              span.textContent = Object.prototype.hasOwnProperty.call(labels, s) ? labels[s] : s;
            }
            var d = holder.querySelector(".duration");
            if (!d || !millis) { return; }
            if (isEnded(s)) {
              if (number(d, "data-start") === 0) { d.setAttribute("data-start", millis); }
              d.setAttribute("data-end", millis);
            } else if (before.indexOf(s) < 0 && (number(d, "data-start") === 0 || number(d, "data-end") > 0)) {
              d.setAttribute("data-start", millis);
              d.setAttribute("data-end", "0");
            }
            show(d);
          }

          function named(selector, attribute, value) {
            return all(selector).filter(function (el) { return el.getAttribute(attribute) === value; });
          }
          // A stage is running while one of its jobs is; once they are over (or the run is), its status is theirs.
          function settleStage(heading, millis) {
            var statuses = named("h3[data-job-stage]", "data-job-stage", heading.getAttribute("data-stage-name"))
              .map(function (h) { return h.getAttribute("data-status"); });
            var started = statuses.filter(function (s) { return s !== ""; });
            if (started.length === 0) { return; }
            var status = "running";
            if (started.every(isEnded) && (over || started.length === statuses.length)) {
              status = stageOrder.filter(function (s) { return started.indexOf(s) >= 0; })[0] || "passed";
            }
            if (status !== heading.getAttribute("data-status")) { setStatus(heading, status, millis); }
          }
          // A job that starts to wait for an approval: its form is on the page once reloaded.
          function offerReload(heading) {
            var section = heading.parentNode;
            if (!section || section.querySelector("form, [data-live-reload]")) { return; }
            var note = document.createElement("p"), link = document.createElement("a");
            note.className = "notice";
            note.setAttribute("data-live-reload", "");
            link.href = window.location.pathname;
            link.textContent = root.getAttribute("data-approval-reload");
            note.appendChild(link);
            heading.insertAdjacentElement("afterend", note);
          }
          function finish(millis) {
            over = true;
            named("h2[data-stage-name]", "data-status", "running").forEach(function (h) { settleStage(h, millis); });
            all("form[data-while-open], [data-live-pending]").forEach(function (el) { el.hidden = true; });
            all("[data-live-reload]").forEach(function (note) { note.remove(); });
            source.close();
            clearInterval(ticker);
            root.setAttribute("data-live-ended", "true");
          }

          function runTask(c) {
            setStatus(root.querySelector("[data-task]"), c.status, c.time * 1000);
            var pending = root.querySelector("[data-live-pending]");
            if (pending && c.status === "waiting" && c.reason) {
              pending.querySelector("span").textContent = c.reason;
              pending.setAttribute("data-waiting", "");
              pending.hidden = false;
            } else if (pending && pending.hasAttribute("data-waiting")) {
              pending.removeAttribute("data-waiting");
              pending.hidden = true;
            }
            if (isEnded(c.status)) { finish(c.time * 1000); }
          }
          function runJob(c) {
            var heading = named("h3[data-job-name]", "data-job-name", c.job)
              .filter(function (h) { return h.getAttribute("data-job-stage") === c.stage; })[0];
            if (!heading) { return; }
            // A decided approval: the reason "waiting for approval by …" no longer holds.
            var pending = root.querySelector("[data-live-pending]");
            if (pending && !pending.hasAttribute("data-waiting") && heading.getAttribute("data-status") === "wait_for_approval" &&
                c.status !== "wait_for_approval") { pending.hidden = true; }
            setStatus(heading, c.status, c.time * 1000);
            named("h2[data-stage-name]", "data-stage-name", c.stage).forEach(function (h) { settleStage(h, c.time * 1000); });
            if (c.status === "wait_for_approval") { offerReload(heading); }
          }
          function runResync(tasks) {
            var mine = tasks.filter(function (t) { return String(t.task_id) === taskID; })[0];
            if (!mine) { source.close(); window.location.reload(); return; }
            (mine.jobs || []).forEach(function (j) { runJob({ stage: j.stage, job: j.job, status: j.status, time: 0 }); });
            runTask({ status: mine.status, reason: mine.reason, time: 0 });
          }

          function row(id) { return root.querySelector('tr[data-task="' + Number(id) + '"]'); }
          function newest() { return all("tr[data-task]").reduce(function (m, r) { return Math.max(m, number(r, "data-task")); }, 0); }
          // The run's row as the server renders it, put in order (newest first) or over the old one.
          function fetchRow(id) {
            if (!rowSource || asked[id]) { return; }
            asked[id] = true;
            fetch(rowSource + Number(id) + "/row", { credentials: "same-origin", redirect: "error" })
              .then(function (reply) { return reply.ok ? reply.text() : Promise.reject(reply.status); })
              .then(function (html) {
                var template = document.createElement("template");
                template.innerHTML = html.trim();
                var fresh = template.content.querySelector("tr[data-task]");
                if (!fresh) { return; }
                var old = row(id);
                if (old) { old.replaceWith(fresh); } else {
                  var tbody = root.querySelector("tbody");
                  var next = all("tr[data-task]").filter(function (r) { return number(r, "data-task") < id; })[0];
                  tbody.insertBefore(fresh, next || null);
                  root.hidden = false;
                  var none = document.querySelector("[data-no-runs]");
                  if (none) { none.remove(); }
                }
                var c = latest[id];
                if (c && c.status !== fresh.getAttribute("data-status")) { setStatus(fresh, c.status, c.time * 1000); }
              })
              .catch(function () {})
              .then(function () { delete asked[id]; });
          }
          function listTask(c) {
            latest[c.task_id] = c;
            var existing = row(c.task_id);
            if (existing) { setStatus(existing, c.status, c.time * 1000); } else if (c.task_id > newest()) { fetchRow(c.task_id); }
          }
          function listResync(tasks) {
            var open = {};
            tasks.forEach(function (t) {
              open[t.task_id] = true;
              listTask({ task_id: t.task_id, status: t.status, time: 0 });
            });
            all("tr[data-task]").forEach(function (r) {
              var id = number(r, "data-task");
              if (!open[id] && !isEnded(r.getAttribute("data-status"))) { fetchRow(id); }
            });
          }

          function on(name, handle) {
            source.addEventListener(name, function (event) {
              var data;
              try { data = JSON.parse(event.data); } catch (e) { return; }
              handle(data);
            });
          }
          on("task", function (c) { if (!taskID) { listTask(c); } else if (String(c.task_id) === taskID) { runTask(c); } });
          on("job", function (c) { if (taskID && String(c.task_id) === taskID) { runJob(c); } });
          on("resync", function (data) { (taskID ? runResync : listResync)(data.tasks || []); });
        })();
        """
}
