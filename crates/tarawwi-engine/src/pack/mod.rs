//! Rule packs: the file format ([`schema`]) and the built-in packs embedded at build time.

mod schema;

pub use schema::{
    parse_pack, Category, ClauseDef, Localized, PackDef, PackError, Severity, DEFAULT_WINDOW,
};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
