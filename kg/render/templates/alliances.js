(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("status");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function nodeTip(tip) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-head", tip.label));
    box.appendChild(el("div", "tip-meta", tip.type + " · " + plural(tip.degree, "relation") + " · " + tip.bloc));
    if (tip.attached) box.appendChild(el("div", "tip-attached", "Counts for: " + tip.attached));
    if (tip.aliases.length) box.appendChild(el("div", "tip-aliases", "Also named: " + tip.aliases.join(", ")));
    return box;
  }

  function edgeTip(tip) {
    var box = el("div", "tip");
    var head = el("div", "tip-head");
    var relation = el("span", "tip-relation", (tip.negated ? "not " : "") + tip.relation);
    relation.style.color = tip.color;
    head.appendChild(document.createTextNode(tip.from + " "));
    head.appendChild(relation);
    head.appendChild(document.createTextNode(" " + tip.to));
    box.appendChild(head);
    box.appendChild(el("div", "tip-meta", plural(tip.evidence.length, "sentence")));
    tip.evidence.forEach(function (evidence) {
      var item = el("blockquote", "tip-evidence");
      var meta = [evidence.doc, evidence.date, evidence.modality].filter(Boolean);
      if (evidence.confidence !== null) meta.push("confidence " + evidence.confidence.toFixed(2));
      item.appendChild(el("div", "tip-sentence", evidence.sentence));
      item.appendChild(el("div", "tip-meta", meta.join(" · ")));
      if (evidence.source) {
        var fetched = evidence.retrieved ? " · retrieved " + evidence.retrieved : "";
        item.appendChild(el("div", "tip-meta tip-source", evidence.source + fetched));
      }
      box.appendChild(item);
    });
    return box;
  }

  // An actor answers to its label, else to its other names, in any case (as kg query and kg viz do).
  var idsByLabel = {};
  var idsByAlias = {};
  var labelOf = {};
  var blocOf = {};
  var names = document.getElementById("actor-names");
  function answersTo(ids, name, id) {
    var key = name.toLowerCase();
    ids[key] = ids[key] || [];
    if (ids[key].indexOf(id) < 0) ids[key].push(id);
  }
  data.nodes.forEach(function (node) {
    answersTo(idsByLabel, node.label, node.id);
    node.tip.aliases.forEach(function (alias) {
      answersTo(idsByAlias, alias, node.id);
    });
    labelOf[node.id] = node.label;
    blocOf[node.id] = node.bloc;
    var option = document.createElement("option");
    option.value = node.label;
    names.appendChild(option);
    node.title = nodeTip(node.tip);
    node.hidden = false;
    delete node.tip;
  });
  data.edges.forEach(function (edge) {
    edge.days = edge.tip.evidence.map(function (evidence) {
      var iso = /^\d{4}(-\d\d){0,2}(?![\d-])/.exec(evidence.date || "");  // a day, a month or a year
      return iso ? iso[0] : "";
    });
    edge.title = edgeTip(edge.tip);
    edge.hidden = false;
    delete edge.tip;
  });

  // What the controls ask for; apply() shows the edges that pass and the actors they join.
  var view = { hiddenRelations: {}, hiddenBlocs: {}, from: "", to: "", minEvidence: 1, focus: null, depth: 1 };

  function evidenceIn(edge) {
    return edge.days.filter(function (day) {
      // a month ("2019-05") or a year counts when it overlaps the range
      return !day || ((!view.from || day >= view.from.slice(0, day.length)) && (!view.to || day <= view.to));
    }).length;
  }

  function within(edges, start, depth) {
    var next = {};
    edges.forEach(function (edge) {
      (next[edge.from] = next[edge.from] || []).push(edge.to);
      (next[edge.to] = next[edge.to] || []).push(edge.from);
    });
    var reached = {};
    reached[start] = true;
    var frontier = [start];
    for (var step = 0; step < depth; step += 1) {
      var found = [];
      frontier.forEach(function (id) {
        (next[id] || []).forEach(function (other) {
          if (!reached[other]) {
            reached[other] = true;
            found.push(other);
          }
        });
      });
      frontier = found;
    }
    return reached;
  }

  function show(items, dataSet, shown) {
    var changed = [];
    items.forEach(function (item) {
      if (item.hidden === Boolean(shown[item.id])) {
        item.hidden = !shown[item.id];
        changed.push({ id: item.id, hidden: item.hidden });
      }
    });
    if (changed.length) dataSet.update(changed);
  }

  function apply() {
    var kept = data.edges.filter(function (edge) {
      return (
        !view.hiddenRelations[edge.relation] &&
        !view.hiddenBlocs[blocOf[edge.from]] &&
        !view.hiddenBlocs[blocOf[edge.to]] &&
        evidenceIn(edge) >= view.minEvidence
      );
    });
    var shownNodes = {};
    if (view.focus !== null) {
      var reached = within(kept, view.focus, view.depth);
      kept = kept.filter(function (edge) {
        return reached[edge.from] && reached[edge.to];
      });
      shownNodes[view.focus] = true;
    }
    var shownEdges = {};
    kept.forEach(function (edge) {
      shownEdges[edge.id] = shownNodes[edge.from] = shownNodes[edge.to] = true;
    });
    show(data.nodes, nodes, shownNodes);
    show(data.edges, edges, shownEdges);
    var n = Object.keys(shownNodes).length;
    status.textContent =
      n === data.nodes.length && kept.length === data.edges.length
        ? ""
        : "showing " + plural(n, "actor") + ", " + plural(kept.length, "relation");
  }

  function focusOn(name) {
    var key = name.trim().toLowerCase();
    var ids = idsByLabel[key] || idsByAlias[key] || [];
    view.focus = ids.length === 1 ? ids[0] : null;
    apply();
    if (key && !ids.length) status.textContent = "no actor named " + name;
    if (ids.length > 1) {
      var labels = ids.map(function (id) {
        return labelOf[id];
      });
      status.textContent = name + " names " + ids.length + " actors (" + labels.sort().join(", ") + "); pick one";
    }
    // fit what is shown: the focus, or the whole graph again once the focus is cleared
    if (ids.length === 1 || !key) network.fit({ nodes: nodes.getIds({ filter: function (node) { return !node.hidden; } }) });
  }

  function control(id, event, handler) {
    document.getElementById(id).addEventListener(event, handler);
  }

  document.querySelectorAll("input[data-relation]").forEach(function (box) {
    box.addEventListener("change", function () {
      view.hiddenRelations[box.dataset.relation] = !box.checked;
      apply();
    });
  });
  document.querySelectorAll("input[data-bloc]").forEach(function (box) {
    box.addEventListener("change", function () {
      view.hiddenBlocs[box.dataset.bloc] = !box.checked;
      apply();
    });
  });
  var from = document.getElementById("date-from");
  var to = document.getElementById("date-to");
  if (data.dates) {
    from.min = to.min = view.from = from.value = data.dates[0];
    from.max = to.max = view.to = to.value = data.dates[1];
  } else {
    document.getElementById("dates").hidden = true;
  }
  control("date-from", "change", function () {
    view.from = from.value;
    apply();
  });
  control("date-to", "change", function () {
    view.to = to.value;
    apply();
  });
  control("min-evidence", "input", function (event) {
    view.minEvidence = Math.max(1, parseInt(event.target.value, 10) || 1);
    apply();
  });
  var focusActor = document.getElementById("focus-actor");
  control("focus-actor", "change", function () {
    focusOn(focusActor.value);
  });
  control("focus-depth", "change", function (event) {
    view.depth = parseInt(event.target.value, 10);
    focusOn(focusActor.value);
  });
  control("focus-clear", "click", function () {
    focusActor.value = "";
    focusOn("");
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = (window.network = new vis.Network(document.getElementById("graph"), {}, data.options));
  network.on("doubleClick", function (event) {
    if (event.nodes.length) {
      focusActor.value = nodes.get(event.nodes[0]).label;
      focusOn(focusActor.value);
    }
  });
  network.on("stabilizationProgress", function (progress) {
    status.textContent = "Laying out… " + Math.round((100 * progress.iterations) / progress.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    status.textContent = "";
    document.body.dataset.ready = "true";
  });
  if (data.nodes.length) {
    network.setData({ nodes: nodes, edges: edges });
  } else {
    status.textContent = "No relations to draw.";
    document.body.dataset.ready = "true";
  }
})();
