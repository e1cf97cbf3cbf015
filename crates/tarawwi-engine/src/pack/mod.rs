//! Rule packs: the file format ([`schema`]) and the built-in packs embedded at build time.

mod schema;

pub(crate) use schema::validate;

pub use schema::{
    pack_error_at, parse_pack, parse_pack_value, Category, ClauseDef, Localized, PackDef,
    PackError, Severity, DEFAULT_WINDOW,
};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
