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
    box.appendChild(el("div", "tip-meta", tip.type + " · " + plural(tip.degree, "relation")));
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
      box.appendChild(item);
    });
    return box;
  }

  data.nodes.forEach(function (node) {
    node.title = nodeTip(node.tip);
    delete node.tip;
  });
  data.edges.forEach(function (edge) {
    edge.title = edgeTip(edge.tip);
    delete edge.tip;
  });

  window.network = new vis.Network(document.getElementById("graph"), {}, data.options);
  window.network.on("stabilizationProgress", function (progress) {
    status.textContent = "Laying out… " + Math.round((100 * progress.iterations) / progress.total) + "%";
  });
  window.network.once("stabilizationIterationsDone", function () {
    window.network.setOptions({ physics: false });
    status.textContent = "";
    document.body.dataset.ready = "true";
  });
  if (data.nodes.length) {
    window.network.setData({ nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) });
  } else {
    status.textContent = "No relations to draw.";
    document.body.dataset.ready = "true";
  }
})();
