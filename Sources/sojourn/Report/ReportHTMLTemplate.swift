/// The Mustache template of `sojourn report --format html`: one self-contained page, no
/// script and nothing fetched, laid out to print on A4. Every `{{value}}` is escaped by
/// swift-mustache; the page uses no triple braces.
enum ReportHTMLTemplate {
    static let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>{{title}}</title>
        <style>
        @page { size: A4; margin: 14mm; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d232a; margin: 24px auto; max-width: 980px; padding: 0 16px; background: #fff; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #1f5f8b; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        p.meta { color: #4a5560; margin: 0 0 16px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 12px 0; }
        .card { border: 1px solid #cfd8e0; border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
        .card .value { font-size: 26px; font-weight: 700; color: #1f5f8b; }
        .card .label { font-weight: 600; }
        .card .basis { color: #4a5560; font-size: 12px; }
        figure { margin: 16px 0 24px; }
        figcaption { font-weight: 700; margin-bottom: 6px; break-after: avoid; }
        figure svg { break-inside: avoid; }
        table tr { break-inside: avoid; }
        svg { width: 100%; max-width: 760px; height: auto; display: block; }
        svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #1d232a; }
        svg .grid { stroke: #e3e8ed; }
        svg .axis { stroke: #4a5560; }
        svg .s0 { stroke: #1f5f8b; fill: #1f5f8b; }
        svg .s1 { stroke: #c8641e; fill: #c8641e; }
        svg .s2 { stroke: #5a8f3c; fill: #5a8f3c; }
        svg polyline { fill: none; stroke-width: 2.5; }
        svg g text { stroke: none; fill: #1d232a; font-weight: 600; }
        svg .s1 polyline, svg polyline.s1 { stroke-dasharray: 6 3; }
        .legend span { margin-right: 16px; font-size: 12px; }
        .legend .key { display: inline-block; width: 18px; height: 4px; vertical-align: middle; margin-right: 4px; }
        .legend .k0 { background: #1f5f8b; } .legend .k1 { background: #c8641e; } .legend .k2 { background: #5a8f3c; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #e3e8ed; vertical-align: top; }
        th { background: #f1f4f7; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.chart-data th:not(:first-child) { text-align: right; }
        table.chart-data { max-width: 760px; }
        caption { text-align: left; color: #4a5560; font-size: 12px; padding-bottom: 2px; }
        .caution { color: #8a4b00; }
        details summary { cursor: default; color: #4a5560; font-size: 12px; }
        footer { margin-top: 32px; color: #4a5560; font-size: 12px; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
        </style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        <p class="meta">{{subtitle}}</p>
        </header>
        <main>
        {{#programmes}}
        <section class="programme" id="programme-{{anchor}}">
        <h2>{{title}}</h2>
        <p class="meta">Workflow {{workflow}} · {{casesLine}} · figures as of {{reportDate}}</p>
        <div class="cards">
        {{#cards}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="basis">{{basis}}</div></div>
        {{/cards}}
        </div>
        {{#charts}}
        <figure class="chart" id="{{id}}" data-chart="{{kind}}">
        <figcaption id="{{id}}-title">{{title}}</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" role="img" aria-labelledby="{{id}}-title">
        {{#yTicks}}<line class="grid" x1="{{x1}}" x2="{{x2}}" y1="{{y}}" y2="{{y}}"/><text x="{{labelX}}" y="{{textY}}" text-anchor="end">{{label}}</text>
        {{/yTicks}}
        <line class="axis" x1="{{left}}" x2="{{right}}" y1="{{bottom}}" y2="{{bottom}}"/>
        {{#xTicks}}<text x="{{x}}" y="{{y}}" text-anchor="middle">{{label}}</text>
        {{/xTicks}}
        {{#lines}}<g class="{{style}}"><polyline points="{{points}}"/>{{#dots}}<circle cx="{{x}}" cy="{{y}}" r="3"><title>{{label}}</title></circle>{{/dots}}</g>
        {{/lines}}
        {{#bars}}<g class="{{style}}"><rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{label}}</title></rect><text x="{{textX}}" y="{{textY}}" text-anchor="middle">{{count}}</text></g>
        {{/bars}}
        {{#empty}}<text x="{{x}}" y="{{y}}" text-anchor="middle">{{empty}}</text>{{/empty}}
        </svg>
        <div class="legend">{{#legend}}<span><i class="key {{key}}"></i>{{name}}</span>{{/legend}}</div>
        <table class="chart-data">
        <caption class="sr">Data behind “{{title}}”</caption>
        <thead><tr>{{#header}}<th scope="col">{{.}}</th>{{/header}}</tr></thead>
        <tbody>{{#rows}}<tr>{{#cells}}<td class="{{style}}">{{text}}</td>{{/cells}}</tr>
        {{/rows}}</tbody>
        </table>
        {{#notes}}<p class="caution">{{.}}</p>{{/notes}}
        </figure>
        {{/charts}}
        <h3>Every figure, with its counts</h3>
        <table class="figures">
        <thead><tr><th scope="col">Family</th><th scope="col">Of</th><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Counts</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{family}}</td><td>{{subject}}</td><td>{{figure}}</td><td class="num">{{value}}</td><td>{{basis}}</td></tr>
        {{/rows}}</tbody>
        </table>
        {{#breakdowns}}
        <h3>By {{by}}</h3>
        <table class="breakdown">
        <thead><tr><th scope="col">{{by}}</th>{{#columns}}<th scope="col">{{.}}</th>{{/columns}}</tr></thead>
        <tbody>{{#groups}}<tr><th scope="row">{{value}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>
        {{/groups}}</tbody>
        </table>
        {{#omitted}}<p class="caution">{{omitted}}</p>{{/omitted}}
        {{/breakdowns}}
        </section>
        {{/programmes}}
        {{^programmes}}<p>No cases yet: open some with <code>sojourn open</code>.</p>{{/programmes}}
        </main>
        <footer>Made by sojourn report. Each figure's formula, numerator and denominator are in Docs/kpis.md. Survey and rating means from fewer than {{minimumRespondents}} respondents are withheld.</footer>
        </body>
        </html>

        """
}
