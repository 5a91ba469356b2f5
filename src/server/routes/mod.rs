//! Routes of the source interface, one file per area, plus the helpers they share.

pub mod auth;
pub mod inbox;
pub mod keyholder;
pub mod login;
pub mod public;
pub mod resume;
pub mod submit;

use actix_web::web;

use super::errors::replace_error_body;
use super::headers::security_headers;

pub use super::state::State;

/// Registers the source interface.
pub fn source_app(
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
    let org = super::errors::Organisation(state.cfg.organisation.clone());
    actix_web::App::new()
        .app_data(state)
        .app_data(org)
        .wrap_fn(|req, srv| {
            use actix_web::dev::Service;
            use futures_util::future::{Either, FutureExt, ready};
            let tls_headers = super::headers::tls_headers(&req);
            let refusal = super::headers::request_shape(&req).or_else(|| {
                super::request::cross_site(req.method(), req.headers())
                    .then_some(super::errors::Failure::Forbidden)
            });
            let res = match refusal {
                Some(f) => {
                    let resp = super::errors::page_for(req.request(), f);
                    Either::Left(ready(Ok(req.into_response(resp).map_into_boxed_body())))
                }
                None => Either::Right(srv.call(req).map(|r| r.map(|r| r.map_into_boxed_body()))),
            };
            res.map(move |r| {
                r.map(|mut r| {
                    for (k, v) in tls_headers {
                        r.headers_mut().insert(k, v);
                    }
                    r
                })
            })
        })
        .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(replace_error_body))
        .wrap(security_headers())
        .service(web::resource("/").get(public::index).default_service(web::to(public::method_not_allowed)))
        .service(
            web::resource("/static/style.css")
                .get(public::stylesheet)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/metadata")
                .get(public::metadata)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/submit")
                .get(submit::form)
                .post(submit::submit)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/login")
                .get(login::login_form)
                .post(login::login)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/inbox").get(inbox::inbox).default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/followup")
                .post(inbox::followup)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/logout").post(login::logout).default_service(web::to(public::method_not_allowed)),
        )
        .default_service(web::to(public::not_found))
}
