//! `/wc/v3/products`: list (paged), get, create, update, delete (trash or `force`), batch, with
//! WooCommerce's permission checks, error codes and pagination headers.

use crate::json::Json;
use crate::params::{integer, invalid_param, list_l, one_of, Params};
use crate::rest::{auth_code, Call, Reply};
use crate::wp_error::WpError;

#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub status: String,
    pub featured: bool,
    pub catalog_visibility: String,
    pub description: String,
    pub short_description: String,
    pub sku: String,
    pub regular_price: String,
    pub sale_price: String,
    pub manage_stock: bool,
    pub stock_quantity: Option<i64>,
    pub stock_status: String,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug, Default)]
pub(crate) struct Products {
    items: Vec<Product>,
    last_id: i64,
}

const SEED: [(&str, &str); 12] = [
    ("Beanie", "18.00"),
    ("Belt", "55.00"),
    ("Cap", "16.00"),
    ("Hoodie", "42.00"),
    ("Long Sleeve Tee", "25.00"),
    ("Polo", "20.00"),
    ("Sunglasses", "90.00"),
    ("T-Shirt", "18.00"),
    ("Album", "15.00"),
    ("Single", "2.00"),
    ("Mug", "9.50"),
    ("Poster", "12.00"),
];

/// `sanitize_title()` for plain names: lower case, spaces to `-`, other punctuation dropped.
fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c);
        } else if (c == ' ' || c == '-') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

impl Products {
    pub(crate) fn seeded(now: i64) -> Products {
        let mut products = Products {
            items: Vec::new(),
            last_id: 10,
        };
        for (i, (name, price)) in SEED.iter().enumerate() {
            let at = now.saturating_sub(86_400 * (SEED.len() - i) as i64);
            let id = products.next_id();
            products.items.push(Product {
                id,
                name: (*name).to_string(),
                slug: slugify(name),
                kind: "simple".into(),
                status: "publish".into(),
                featured: false,
                catalog_visibility: "visible".into(),
                description: format!("<p>A sandbox {}.</p>", name.to_lowercase()),
                short_description: String::new(),
                sku: format!("SBX-{id}"),
                regular_price: (*price).to_string(),
                sale_price: String::new(),
                manage_stock: false,
                stock_quantity: None,
                stock_status: "instock".into(),
                created: at,
                modified: at,
            });
        }
        products
    }

    fn next_id(&mut self) -> i64 {
        self.last_id = self.last_id.saturating_add(1);
        self.last_id
    }

    pub(crate) fn get(&self, id: i64) -> Option<&Product> {
        self.items.iter().find(|p| p.id == id)
    }

    fn unique_slug(&self, base: &str, except: i64) -> String {
        let base = if base.is_empty() {
            "product".to_string()
        } else {
            base.to_string()
        };
        let taken = |s: &str| self.items.iter().any(|p| p.slug == s && p.id != except);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|s| !taken(s))
            .unwrap_or(base)
    }
}

impl Product {
    fn price(&self) -> String {
        if self.on_sale() {
            self.sale_price.clone()
        } else {
            self.regular_price.clone()
        }
    }

    fn on_sale(&self) -> bool {
        let sale: Option<f64> = self.sale_price.parse().ok();
        let regular: Option<f64> = self.regular_price.parse().ok();
        matches!((sale, regular), (Some(s), Some(r)) if s < r)
    }

    /// The product as the REST API returns it (`context=view`/`edit` alike here).
    pub(crate) fn to_json(&self, call: &Call<'_>) -> Json {
        let permalink = if call.home.plain {
            format!("{}?product={}", call.home.url(call.https, "/"), self.slug)
        } else {
            call.home
                .url(call.https, &format!("product/{}/", self.slug))
        };
        Json::obj([
            ("id", Json::Int(self.id)),
            ("name", Json::from(self.name.as_str())),
            ("slug", Json::from(self.slug.as_str())),
            ("permalink", Json::Str(permalink)),
            ("date_created", Json::Str(crate::clock::iso(self.created))),
            (
                "date_created_gmt",
                Json::Str(crate::clock::iso(self.created)),
            ),
            ("date_modified", Json::Str(crate::clock::iso(self.modified))),
            (
                "date_modified_gmt",
                Json::Str(crate::clock::iso(self.modified)),
            ),
            ("type", Json::from(self.kind.as_str())),
            ("status", Json::from(self.status.as_str())),
            ("featured", Json::Bool(self.featured)),
            (
                "catalog_visibility",
                Json::from(self.catalog_visibility.as_str()),
            ),
            ("description", Json::from(self.description.as_str())),
            (
                "short_description",
                Json::from(self.short_description.as_str()),
            ),
            ("sku", Json::from(self.sku.as_str())),
            ("price", Json::Str(self.price())),
            ("regular_price", Json::from(self.regular_price.as_str())),
            ("sale_price", Json::from(self.sale_price.as_str())),
            ("on_sale", Json::Bool(self.on_sale())),
            ("purchasable", Json::Bool(!self.price().is_empty())),
            ("total_sales", Json::Int(0)),
            ("virtual", Json::Bool(false)),
            ("downloadable", Json::Bool(false)),
            ("manage_stock", Json::Bool(self.manage_stock)),
            ("stock_quantity", Json::from(self.stock_quantity)),
            ("stock_status", Json::from(self.stock_status.as_str())),
            ("categories", Json::Arr(Vec::new())),
            ("tags", Json::Arr(Vec::new())),
            ("images", Json::Arr(Vec::new())),
            ("meta_data", Json::Arr(Vec::new())),
            ("_links", call.resource_links("products", self.id)),
        ])
    }
}

fn invalid_id(status: u16) -> WpError {
    WpError::new("woocommerce_rest_product_invalid_id", "Invalid ID.", status)
}

/// GET /products.
pub(crate) fn list(call: &Call<'_>) -> Result<Reply, WpError> {
    let page = integer(&call.params, "page", 1, 1, None)?;
    let per_page = integer(&call.params, "per_page", 10, 1, Some(100))?;
    let order = one_of(&call.params, "order", "desc", &["asc", "desc"])?;
    let status = one_of(
        &call.params,
        "status",
        "any",
        &[
            "any", "future", "trash", "draft", "pending", "private", "publish",
        ],
    )?;
    let include = id_list(&call.params, "include")?;
    if !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
            auth_code(call),
        ));
    }
    let search = call
        .params
        .text("search")
        .unwrap_or_default()
        .to_lowercase();
    let orderby = call.params.text("orderby").unwrap_or_else(|| "date".into());
    let mut matches: Vec<Product> = {
        let store = call.shared.store();
        store
            .products
            .items
            .iter()
            .filter(|p| match status.as_str() {
                "any" => p.status != "trash",
                s => p.status == s,
            })
            .filter(|p| include.is_empty() || include.contains(&p.id))
            .filter(|p| {
                search.is_empty()
                    || p.name.to_lowercase().contains(&search)
                    || p.description.to_lowercase().contains(&search)
            })
            .cloned()
            .collect()
    };
    match orderby.as_str() {
        "id" => matches.sort_by_key(|p| p.id),
        "title" => matches.sort_by(|a, b| a.name.cmp(&b.name)),
        "slug" => matches.sort_by(|a, b| a.slug.cmp(&b.slug)),
        _ => matches.sort_by_key(|p| (p.created, p.id)),
    }
    if order == "desc" {
        matches.reverse();
    }
    let total = i64::try_from(matches.len()).unwrap_or(0);
    let pages = (total + per_page - 1) / per_page;
    let start = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let items: Vec<Json> = matches
        .iter()
        .skip(start)
        .take(usize::try_from(per_page).unwrap_or(10))
        .map(|p| p.to_json(call))
        .collect();
    let mut reply = Reply::new(200, Json::Arr(items));
    reply.headers.push(("X-WP-Total".into(), total.to_string()));
    reply
        .headers
        .push(("X-WP-TotalPages".into(), pages.to_string()));
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            call.page_link("/wc/v3/products", (page - 1).min(pages))
        ));
    }
    if pages > page {
        links.push(format!(
            "<{}>; rel=\"next\"",
            call.page_link("/wc/v3/products", page + 1)
        ));
    }
    if !links.is_empty() {
        reply.headers.push(("Link".into(), links.join(", ")));
    }
    Ok(reply)
}

/// An `array` of `integer` parameter such as `include` (`include[]=11&include[]=12`, or
/// `include=11,12` as `wp_parse_list()` splits it), checked as `rest_validate_value_from_schema()`
/// checks each item.
fn id_list(params: &Params, name: &str) -> Result<Vec<i64>, WpError> {
    let items: Vec<Json> = match params.get(name) {
        None => return Ok(Vec::new()),
        Some(Json::Arr(items)) => items,
        Some(Json::Obj(pairs)) => pairs.into_iter().map(|(_, v)| v).collect(),
        Some(Json::Str(s)) => s
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|t| !t.is_empty())
            .map(Json::from)
            .collect(),
        Some(other) => vec![other],
    };
    let mut ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let id = match item {
            Json::Int(n) => Some(*n),
            Json::Str(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match id {
            Some(id) => ids.push(id),
            None => {
                return Err(invalid_param(
                    name,
                    "rest_invalid_type",
                    &format!("{name}[{i}] is not of type integer."),
                ))
            }
        }
    }
    Ok(ids)
}

/// GET /products/{id}.
pub(crate) fn get(call: &Call<'_>) -> Result<Reply, WpError> {
    let id = call.route_id();
    let product = call.shared.store().products.get(id).cloned();
    if product.is_some() && !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot view this resource.",
            auth_code(call),
        ));
    }
    let product = product.ok_or_else(|| invalid_id(404))?;
    Ok(Reply::new(200, product.to_json(call)))
}

/// The writable fields, checked against their schema types; every invalid one is reported.
fn apply_fields(product: &mut Product, params: &Params) -> Result<(), WpError> {
    let mut invalid: Vec<(String, String, String)> = Vec::new();
    let mut string = |name: &str, slot: &mut String| match params.get(name) {
        None => {}
        Some(Json::Str(s)) => *slot = s,
        Some(_) => invalid.push((
            name.into(),
            "rest_invalid_type".into(),
            format!("{name} is not of type string."),
        )),
    };
    string("name", &mut product.name);
    string("description", &mut product.description);
    string("short_description", &mut product.short_description);
    string("sku", &mut product.sku);
    string("regular_price", &mut product.regular_price);
    string("sale_price", &mut product.sale_price);
    let enums: [(&str, &[&str]); 4] = [
        ("type", &["simple", "grouped", "external", "variable"]),
        (
            "status",
            &["draft", "pending", "private", "publish", "future"],
        ),
        ("stock_status", &["instock", "outofstock", "onbackorder"]),
        (
            "catalog_visibility",
            &["visible", "catalog", "search", "hidden"],
        ),
    ];
    for (name, allowed) in enums {
        match params.get(name) {
            None => {}
            Some(Json::Str(s)) if allowed.contains(&s.as_str()) => match name {
                "type" => product.kind = s,
                "status" => product.status = s,
                "stock_status" => product.stock_status = s,
                _ => product.catalog_visibility = s,
            },
            Some(Json::Str(_)) => invalid.push((
                name.into(),
                "rest_not_in_enum".into(),
                format!("{name} is not one of {}.", list_l(allowed)),
            )),
            Some(_) => invalid.push((
                name.into(),
                "rest_invalid_type".into(),
                format!("{name} is not of type string."),
            )),
        }
    }
    for name in ["manage_stock", "featured"] {
        let parsed = match params.get(name) {
            None => continue,
            Some(Json::Bool(b)) => Some(b),
            Some(Json::Int(0)) => Some(false),
            Some(Json::Int(1)) => Some(true),
            Some(Json::Str(s)) => match s.as_str() {
                "true" | "1" => Some(true),
                "false" | "0" | "" => Some(false),
                _ => None,
            },
            Some(_) => None,
        };
        match parsed {
            Some(b) if name == "manage_stock" => product.manage_stock = b,
            Some(b) => product.featured = b,
            None => invalid.push((
                name.into(),
                "rest_invalid_type".into(),
                format!("{name} is not of type boolean."),
            )),
        }
    }
    match params.get("stock_quantity") {
        None => {}
        Some(Json::Null) => product.stock_quantity = None,
        Some(Json::Int(n)) => product.stock_quantity = Some(n),
        Some(Json::Str(s)) if s.trim().parse::<i64>().is_ok() => {
            product.stock_quantity = s.trim().parse().ok();
        }
        Some(_) => invalid.push((
            "stock_quantity".into(),
            "rest_invalid_type".into(),
            "stock_quantity is not of type integer,null.".into(),
        )),
    }
    if invalid.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = invalid.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut error = invalid_param(names.first().copied().unwrap_or(""), "", "");
    error.message = format!("Invalid parameter(s): {}", names.join(", "));
    error.extra = vec![
        (
            "params".into(),
            Json::Obj(
                invalid
                    .iter()
                    .map(|(n, _, m)| (n.clone(), Json::from(m.as_str())))
                    .collect(),
            ),
        ),
        (
            "details".into(),
            Json::Obj(
                invalid
                    .iter()
                    .map(|(n, c, m)| {
                        (
                            n.clone(),
                            Json::obj([
                                ("code", Json::from(c.as_str())),
                                ("message", Json::from(m.as_str())),
                                ("data", Json::Null),
                            ]),
                        )
                    })
                    .collect(),
            ),
        ),
    ];
    Err(error)
}

fn sku_taken(call: &Call<'_>, sku: &str, except: i64) -> bool {
    !sku.is_empty()
        && call
            .shared
            .store()
            .products
            .items
            .iter()
            .any(|p| p.sku == sku && p.id != except)
}

fn invalid_sku() -> WpError {
    WpError::new("product_invalid_sku", "Invalid or duplicated SKU.", 400)
}

/// POST /products.
pub(crate) fn create(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_create",
            "Sorry, you are not allowed to create resources.",
            auth_code(call),
        ));
    }
    create_unchecked(call, &call.params)
}

fn create_unchecked(call: &Call<'_>, params: &Params) -> Result<Reply, WpError> {
    if params.is_truthy("id") {
        return Err(WpError::new(
            "woocommerce_rest_product_exists",
            "Cannot create existing product.",
            400,
        ));
    }
    let mut product = Product {
        id: 0,
        name: "Product".into(),
        slug: String::new(),
        kind: "simple".into(),
        status: "publish".into(),
        featured: false,
        catalog_visibility: "visible".into(),
        description: String::new(),
        short_description: String::new(),
        sku: String::new(),
        regular_price: String::new(),
        sale_price: String::new(),
        manage_stock: false,
        stock_quantity: None,
        stock_status: "instock".into(),
        created: call.now,
        modified: call.now,
    };
    apply_fields(&mut product, params)?;
    if sku_taken(call, &product.sku, 0) {
        return Err(invalid_sku());
    }
    let product = {
        let mut store = call.shared.store();
        product.id = store.products.next_id();
        product.slug = store
            .products
            .unique_slug(&slugify(&product.name), product.id);
        store.products.items.push(product.clone());
        product
    };
    let data = product.to_json(call);
    crate::webhooks::trigger(call.shared, "product.created", product.id, &data);
    let mut reply = Reply::new(201, data);
    reply.headers.push((
        "Location".into(),
        call.home
            .rest_url(call.https, &format!("/wc/v3/products/{}", product.id)),
    ));
    Ok(reply)
}

/// PUT/PATCH/POST /products/{id}.
pub(crate) fn update(call: &Call<'_>) -> Result<Reply, WpError> {
    let id = call.route_id();
    let exists = call.shared.store().products.get(id).is_some();
    if exists && !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_edit",
            "Sorry, you are not allowed to edit this resource.",
            auth_code(call),
        ));
    }
    update_unchecked(call, id, &call.params)
}

fn update_unchecked(call: &Call<'_>, id: i64, params: &Params) -> Result<Reply, WpError> {
    let Some(mut product) = call.shared.store().products.get(id).cloned() else {
        return Err(invalid_id(400));
    };
    let old_name = product.name.clone();
    apply_fields(&mut product, params)?;
    if sku_taken(call, &product.sku, id) {
        return Err(invalid_sku());
    }
    product.modified = call.now;
    {
        let mut store = call.shared.store();
        if product.name != old_name {
            product.slug = store.products.unique_slug(&slugify(&product.name), id);
        }
        if let Some(slot) = store.products.items.iter_mut().find(|p| p.id == id) {
            *slot = product.clone();
        }
    }
    let data = product.to_json(call);
    crate::webhooks::trigger(call.shared, "product.updated", id, &data);
    Ok(Reply::new(200, data))
}

/// DELETE /products/{id}: to the trash, or gone with `force=true`.
pub(crate) fn delete(call: &Call<'_>) -> Result<Reply, WpError> {
    let id = call.route_id();
    let exists = call.shared.store().products.get(id).is_some();
    if exists && !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
            auth_code(call),
        ));
    }
    delete_unchecked(call, id, call.params.is_truthy("force"))
}

fn delete_unchecked(call: &Call<'_>, id: i64, force: bool) -> Result<Reply, WpError> {
    let Some(product) = call.shared.store().products.get(id).cloned() else {
        return Err(invalid_id(404));
    };
    let data = product.to_json(call);
    {
        let mut store = call.shared.store();
        if force {
            store.products.items.retain(|p| p.id != id);
        } else {
            if product.status == "trash" {
                return Err(WpError::new(
                    "woocommerce_rest_already_trashed",
                    "The product has already been deleted.",
                    410,
                ));
            }
            if let Some(slot) = store.products.items.iter_mut().find(|p| p.id == id) {
                slot.status = "trash".into();
                slot.modified = call.now;
            }
        }
    }
    crate::webhooks::trigger(
        call.shared,
        "product.deleted",
        id,
        &Json::obj([("id", Json::Int(id))]),
    );
    let data = if force {
        data
    } else {
        call.shared
            .store()
            .products
            .get(id)
            .map_or(data, |p| p.to_json(call))
    };
    Ok(Reply::new(200, data))
}

/// One batch item's outcome: the object, or `{"id", "error"}`.
fn batch_item(id: i64, result: Result<Reply, WpError>) -> Json {
    match result {
        Ok(reply) => reply.data,
        Err(error) => Json::obj([
            ("id", Json::Int(id)),
            (
                "error",
                Json::obj([
                    ("code", Json::from(error.code.as_str())),
                    ("message", Json::from(error.message.as_str())),
                    ("data", error.data()),
                ]),
            ),
        ]),
    }
}

fn as_items(value: Option<Json>) -> Vec<Json> {
    match value {
        Some(Json::Arr(items)) => items,
        Some(Json::Obj(pairs)) => pairs.into_iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

fn item_params(item: &Json) -> Params {
    Params {
        json: Some(item.clone()),
        ..Params::default()
    }
}

fn json_id(value: &Json) -> i64 {
    match value {
        Json::Int(n) => *n,
        Json::Str(s) => s.trim().parse().unwrap_or(0),
        Json::Obj(_) => value.get("id").map_or(0, json_id),
        _ => 0,
    }
}

/// POST/PUT/PATCH /products/batch: `{"create": [...], "update": [...], "delete": [ids]}`.
pub(crate) fn batch(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return Err(WpError::new(
            "woocommerce_rest_cannot_batch",
            "Sorry, you are not allowed to batch manipulate this resource.",
            auth_code(call),
        ));
    }
    let sections = ["create", "update", "delete"];
    let requested: Vec<(&str, Option<Json>)> =
        sections.iter().map(|s| (*s, call.params.get(s))).collect();
    let total: usize = requested
        .iter()
        .map(|(_, v)| as_items(v.clone()).len())
        .sum();
    if total > 100 {
        return Err(WpError::new(
            "woocommerce_rest_request_entity_too_large",
            "Unable to accept more than 100 items for this request.",
            413,
        ));
    }
    let mut out = Vec::new();
    for (section, value) in requested {
        if value.is_none() {
            continue;
        }
        let results: Vec<Json> = as_items(value)
            .iter()
            .map(|item| match section {
                "create" => batch_item(0, create_unchecked(call, &item_params(item))),
                "update" => {
                    let id = json_id(item);
                    batch_item(id, update_unchecked(call, id, &item_params(item)))
                }
                _ => {
                    let id = json_id(item);
                    batch_item(id, delete_unchecked(call, id, true))
                }
            })
            .collect();
        out.push((section.to_string(), Json::Arr(results)));
    }
    Ok(Reply::new(200, Json::Obj(out)))
}

impl Products {
    pub(crate) fn count_published(&self) -> usize {
        self.items.iter().filter(|p| p.status == "publish").count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Long Sleeve Tee"), "long-sleeve-tee");
        assert_eq!(slugify(" Mug & Cup! "), "mug-cup");
        let p = Products::seeded(1_795_000_000);
        assert_eq!(p.unique_slug("mug", 0), "mug-2");
        assert_eq!(p.items.len(), 12);
    }
}
