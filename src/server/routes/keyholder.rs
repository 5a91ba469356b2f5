//! The keyholder API (`/keyholder/v1/…`), on its own listener.

use actix_web::{HttpResponse, web};

use super::State;
use crate::server::headers::security_headers;

/// The keyholder API app.
pub fn app(
    state: State,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    actix_web::App::new()
        .app_data(state)
        .wrap(security_headers())
        .default_service(web::to(not_found))
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("application/json")
        .body("{\"error\":\"not found\"}")
}
