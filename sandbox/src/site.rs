//! Where the store lives: its home URL (Settings > General > Site Address) and the URLs WordPress
//! builds from it.

/// The `home` option: `http://{authority}{path}`. The scheme of URLs built from it follows the
/// request (`set_url_scheme`), as WordPress does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Home {
    /// `host[:port]`.
    pub authority: String,
    /// `""` at the root, `/shop` in a subdirectory.
    pub path: String,
    /// Plain permalinks (`?rest_route=`) instead of pretty ones (`/wp-json/`).
    pub plain: bool,
}

impl Home {
    /// `get_home_url( null, $path, $scheme )`.
    pub(crate) fn url(&self, https: bool, path: &str) -> String {
        let scheme = if https { "https" } else { "http" };
        let mut url = format!("{scheme}://{}{}", self.authority, self.path);
        // `if ( $path && is_string( $path ) )`: PHP treats "" and "0" as false.
        if !path.is_empty() && path != "0" {
            url.push('/');
            url.push_str(path.trim_start_matches('/'));
        }
        url
    }

    /// `rest_url( $route )`.
    pub(crate) fn rest_url(&self, https: bool, route: &str) -> String {
        let route = format!("/{}", route.trim_start_matches('/'));
        if self.plain {
            // add_query_arg( 'rest_route', $route, home_url( '/' ) ): the value is not encoded.
            format!("{}?rest_route={route}", self.url(https, "/"))
        } else {
            format!("{}{route}", self.url(https, "wp-json"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_urls_like_wordpress() {
        let root = Home {
            authority: "127.0.0.1:8081".into(),
            path: String::new(),
            plain: false,
        };
        assert_eq!(root.url(false, "/"), "http://127.0.0.1:8081/");
        assert_eq!(root.url(false, ""), "http://127.0.0.1:8081");
        assert_eq!(
            root.url(true, "/wp-json/x"),
            "https://127.0.0.1:8081/wp-json/x"
        );
        assert_eq!(
            root.rest_url(false, "wc/v3/products"),
            "http://127.0.0.1:8081/wp-json/wc/v3/products"
        );
        let shop = Home {
            authority: "shop.test".into(),
            path: "/shop".into(),
            plain: true,
        };
        assert_eq!(
            shop.rest_url(false, "/wc/v3"),
            "http://shop.test/shop/?rest_route=/wc/v3"
        );
    }
}
