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
    var shown = tip.evidence.length < tip.count ? ", " + (tip.evidence.length || "none") + " of them here" : "";
    box.appendChild(el("div", "tip-meta", plural(tip.count, "sentence") + shown));
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
    if (tip.evidence.length < tip.count) {
      box.appendChild(el("div", "tip-meta tip-more", "kg query or kg serve gives every sentence of this relation"));
    }
    return box;
  }

  // An actor answers to its label, else to its other names, in any case (as kg query and kg viz do).
  // A capped page draws some actors, and holds every actor and relation in a side table (data.more).
  var more = data.more;
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
  var catalogue = more
    ? more.actors.map(function (row) {
        return { id: row[0], label: row[1], aliases: row[7] };
      })
    : data.nodes.map(function (node) {
        return { id: node.id, label: node.label, aliases: node.tip.aliases };
      });
  catalogue.forEach(function (actor) {
    answersTo(idsByLabel, actor.label, actor.id);
    actor.aliases.forEach(function (alias) {
      answersTo(idsByAlias, alias, actor.id);
    });
    labelOf[actor.id] = actor.label;
    var option = document.createElement("option");
    option.value = actor.label;
    names.appendChild(option);
  });

  function prepareNode(node) {
    blocOf[node.id] = node.bloc;
    node.title = nodeTip(node.tip);
    node.hidden = false;
    delete node.tip;
    return node;
  }
  function prepareEdge(edge) {
    edge.days = edge.tip.dates.map(function (date) {
      var iso = /^\d{4}(-\d\d){0,2}(?![\d-])/.exec(date || "");  // a day, a month or a year
      return iso ? iso[0] : "";
    });
    edge.title = edgeTip(edge.tip);
    edge.hidden = false;
    delete edge.tip;
    return edge;
  }
  data.nodes.forEach(prepareNode);
  data.edges.forEach(prepareEdge);
  var base = { nodes: data.nodes, edges: data.edges };

  // The side table's rows as vis-network nodes and edges, made once each when a focus needs them.
  var made = {};
  var madeLinks = {};
  base.nodes.forEach(function (node) {
    made[node.id] = node;
  });
  function actorNode(i) {
    var row = more.actors[i];
    var bloc = more.blocs[row[4]];
    if (!made[row[0]]) {
      made[row[0]] = prepareNode({
        id: row[0], label: row[1], shape: row[2], color: bloc.color, bloc: row[4], size: row[6],
        tip: { label: row[1], type: row[3], aliases: row[7], degree: row[5], bloc: bloc.text, attached: row[8] },
      });
    }
    return made[row[0]];
  }
  function linkEdge(i) {
    var link = more.links[i];
    var style = more.relations[link[2]];
    var quoted = link[7];
    var dates = quoted.map(function (e) {
      return e[2];
    });
    while (dates.length < link[3]) dates.push("");  // not quoted here: counts as undated
    return (madeLinks[i] = madeLinks[i] || prepareEdge({
      id: "l" + i, from: more.actors[link[0]][0], to: more.actors[link[1]][0], relation: link[2],
      color: style.color, dashes: link[4] ? more.negated : style.dashes, width: link[5], arrows: style.arrows,
      smooth: link[6] ? { enabled: true, type: link[6] > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(link[6]) }
        : { enabled: false },
      tip: {
        from: more.actors[link[0]][1], to: more.actors[link[1]][1], relation: style.text, color: style.ink,
        negated: link[4], count: link[3], dates: dates,
        evidence: quoted.map(function (e) {
          return { sentence: e[0], doc: e[1], date: e[2], modality: e[3], confidence: e[4], source: e[5], retrieved: e[6] };
        }),
      },
    }));
  }

  // Every actor within ``depth`` relations of actor ``id`` (at most more.limit, nearest first)
  // and the relations among them, from the side table.
  var rowOf = null;
  var linksAt = null;
  function around(id, depth) {
    if (rowOf === null) {
      rowOf = {};
      linksAt = more.actors.map(function (row, i) {
        rowOf[row[0]] = i;
        return [];
      });
      more.links.forEach(function (link, l) {
        linksAt[link[0]].push(l);
        if (link[1] !== link[0]) linksAt[link[1]].push(l);
      });
    }
    var start = rowOf[id];
    var reached = {};
    reached[start] = true;
    var order = [start];
    var frontier = [start];
    var full = true;
    for (var step = 0; step < depth; step += 1) {
      var found = [];
      frontier.forEach(function (i) {
        linksAt[i].forEach(function (l) {
          var link = more.links[l];
          var other = link[0] === i ? link[1] : link[0];
          if (!reached[other] && order.length === more.limit) {
            full = false;
          } else if (!reached[other]) {
            reached[other] = true;
            order.push(other);
            found.push(other);
          }
        });
      });
      frontier = found;
    }
    var edgesAround = [];
    order.forEach(function (i) {
      linksAt[i].forEach(function (l) {
        var link = more.links[l];
        if (link[0] === i && reached[link[1]]) edgesAround.push(linkEdge(l));
      });
    });
    return { nodes: order.map(actorNode), edges: edgesAround, full: full };
  }

  // Put ``set`` in the network: the drawn actors where they were, a focus laid out anew.
  var positions = null;
  function load(set) {
    if (positions === null) positions = network.getPositions();
    if (set === base) {
      base.nodes.forEach(function (node) {
        node.x = positions[node.id].x;
        node.y = positions[node.id].y;
      });
    }
    data.nodes = set.nodes;
    data.edges = set.edges;
    nodes.clear();
    edges.clear();
    nodes.add(set.nodes);
    edges.add(set.edges);
    if (set !== base) {
      status.textContent = "Laying out…";
      delete document.body.dataset.ready;
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(200);
    }
  }

  // What the controls ask for; apply() shows the edges that pass and the actors they join.
  var view = { hiddenRelations: {}, hiddenBlocs: {}, from: "", to: "", minEvidence: 1, focus: null, depth: 1, note: "" };

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
      n === data.nodes.length && kept.length === data.edges.length && data.nodes === base.nodes
        ? ""
        : "showing " + plural(n, "actor") + ", " + plural(kept.length, "relation") + view.note;
  }

  function focusOn(name) {
    var key = name.trim().toLowerCase();
    var ids = idsByLabel[key] || idsByAlias[key] || [];
    view.focus = ids.length === 1 ? ids[0] : null;
    var set = more && view.focus !== null ? around(view.focus, view.depth) : base;
    view.note = set === base || set.full ? "" : " (the nearest " + more.limit + " actors)";
    if (more && (set !== base || data.nodes !== base.nodes)) load(set);
    apply();
    if (key && !ids.length) status.textContent = "no actor named " + name;
    if (ids.length > 1) {
      var labels = ids.map(function (id) {
        return labelOf[id];
      });
      status.textContent = name + " names " + ids.length + " actors (" + labels.sort().join(", ") + "); pick one";
    }
    // fit what is shown: the focus, or the whole graph again once the focus is cleared
    if (ids.length === 1 || !key) fitShown();
  }

  function fitShown() {
    network.fit({ nodes: nodes.getIds({ filter: function (node) { return !node.hidden; } }) });
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
  var laidOut = false;
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
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    if (laidOut) {
      apply();  // a focus of a capped page, laid out
      fitShown();
    } else {
      status.textContent = "";
    }
    laidOut = true;
    document.body.dataset.ready = "true";
  });
  if (data.nodes.length) {
    network.setData({ nodes: nodes, edges: edges });
  } else {
    status.textContent = "No relations to draw.";
    document.body.dataset.ready = "true";
  }
})();
