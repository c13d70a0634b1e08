//! The HTML the sandbox shows people: a page shell, `wp_die()` error pages, WordPress's 404, the
//! store's front page.

use crate::http::Response;
use crate::url::esc_html;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1e1e1e}\
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}\
.button{display:inline-block;padding:.4rem .9rem;border:1px solid #7f54b3;border-radius:3px;color:#7f54b3;text-decoration:none;background:#fff;cursor:pointer;font:inherit}\
.button-primary{background:#7f54b3;color:#fff}.notice{border-left:4px solid #d63638;padding:.5rem 1rem;background:#fcf0f1}\
.updated{border-left:4px solid #00a32a;padding:.5rem 1rem;background:#edfaef}code{background:#f0f0f1;padding:0 .2rem}\
label{display:block;margin-top:.6rem}input[type=text],input[type=password],select{width:100%;padding:.3rem;font:inherit}";

/// A complete page around `body` (already HTML).
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-US\"><head><meta charset=\"UTF-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <meta name=\"robots\" content=\"noindex, nofollow\"><title>{}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n",
        esc_html(title)
    )
}

/// `wp_die( $message, $title, array( 'response' => $status ) )`; `message` is HTML.
pub(crate) fn die(status: u16, title: &str, message_html: &str) -> Response {
    Response::html(
        status,
        page(
            title,
            &format!("<div class=\"wp-die-message\">{message_html}</div>"),
        ),
    )
}

/// WordPress's "page not found".
pub(crate) fn not_found() -> Response {
    Response::html(
        404,
        page(
            "Page not found – WooCommerce Sandbox",
            "<h1>Page not found</h1><p>It looks like nothing was found at this location.</p>",
        ),
    )
}

/// The store's front page, with the places a visitor may look for.
pub(crate) fn front(home_url: &str, plain: bool) -> Response {
    let rest = if plain {
        format!("{home_url}/?rest_route=/wc/v3")
    } else {
        format!("{home_url}/wp-json/wc/v3")
    };
    let keys = format!("{home_url}/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys");
    Response::html(
        200,
        page(
            "WooCommerce Sandbox",
            &format!(
                "<h1>WooCommerce Sandbox</h1><p>A local stand-in for a WooCommerce store.</p><ul>\
                 <li>REST API: <a href=\"{r}\">{r}</a></li>\
                 <li>API keys: <a href=\"{k}\">WooCommerce &gt; Settings &gt; Advanced &gt; REST API</a></li>\
                 <li>Sandbox state: <a href=\"/__sandbox/state\">/__sandbox/state</a></li></ul>",
                r = esc_html(&rest),
                k = esc_html(&keys)
            ),
        ),
    )
}
