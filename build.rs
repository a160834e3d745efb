// Migrations are embedded with include_str!: rebuild when one is added or changed.
fn main() {
    println!("cargo:rerun-if-changed=db/migrations");
}
