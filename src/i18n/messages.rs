//! Every translated message, in English and Brazilian Portuguese.
//!
//! One enum variant per message, one `match` arm with both texts, so a
//! message without a translation does not compile. Sections not translated
//! yet keep their English text in their own files.

use super::Lang;

/// A message of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Tagline,
    NavLabel,
    NavData,
    NavExplore,
    NavTrain,
    NavModels,
    NavPredict,
    NavMonitor,
    NavPrivacy,
    LanguageLabel,
    FooterPrivate,
    FooterPrivacyLink,
    DeleteAll,
    DeleteAllQuestion,
    DeleteAllDone,
    ConfirmYes,
    ConfirmNo,
    PrivacyTitle,
    PrivacyIntro,
    PrivacyWhatWhere,
    PrivacyColWhat,
    PrivacyColWhere,
    PrivacyColHowLong,
    PrivacyFilesWhat,
    PrivacyFilesWhere,
    PrivacyFilesLong,
    PrivacyModelsWhat,
    PrivacyModelsWhere,
    PrivacyModelsLong,
    PrivacyAuditWhat,
    PrivacyAuditWhere,
    PrivacyAuditLong,
    PrivacySettingsWhat,
    PrivacySettingsWhere,
    PrivacySettingsLong,
    PrivacyAppWhat,
    PrivacyAppWhere,
    PrivacyAppLong,
    PrivacyNetworkTitle,
    PrivacyNetwork,
    PrivacyStorageTitle,
    PrivacyPersisted,
    PrivacyNotPersisted,
    PrivacyPersistUnknown,
    PrivacyUsage,
    PrivacyDeleteTitle,
    PrivacyDeleteText,
    UpdateReady,
    TourOfferTitle,
    TourOfferText,
    TourStart,
    TourNoThanks,
    TourNext,
    TourBack,
    TourFinish,
    TourClose,
    TourDone,
    TourDoLoad,
    TourDataTitle,
    TourDataText,
    TourExploreTitle,
    TourExploreText,
    TourTrainTitle,
    TourTrainText,
    TourSaveTitle,
    TourSaveText,
    TourModelsTitle,
    TourModelsText,
    TourPredictTitle,
    TourPredictText,
    TourMonitorTitle,
    TourMonitorText,
    TourPrivacyTitle,
    TourPrivacyText,
}

impl Msg {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, pt) = self.texts();
        match lang {
            Lang::En => en,
            Lang::PtBr => pt,
        }
    }

    /// (English, Brazilian Portuguese).
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Msg::Tagline => (
                "private machine learning in your browser",
                "aprendizado de máquina privado no seu navegador",
            ),
            Msg::NavLabel => ("Sections", "Seções"),
            Msg::NavData => ("Data", "Dados"),
            Msg::NavExplore => ("Explore", "Explorar"),
            Msg::NavTrain => ("Train", "Treinar"),
            Msg::NavModels => ("Models", "Modelos"),
            Msg::NavPredict => ("Predict", "Prever"),
            Msg::NavMonitor => ("Monitor", "Monitorar"),
            Msg::NavPrivacy => ("Privacy", "Privacidade"),
            Msg::LanguageLabel => ("Language", "Idioma"),
            Msg::FooterPrivate => (
                "Nothing you load leaves this browser: no server, no upload, no account.",
                "Nada do que você carrega sai deste navegador: sem servidor, sem upload, sem conta.",
            ),
            Msg::FooterPrivacyLink => (
                "What is stored where",
                "O que fica guardado e onde",
            ),
            Msg::DeleteAll => ("Delete all stored data", "Apagar todos os dados guardados"),
            Msg::DeleteAllQuestion => (
                "Delete every model and every prediction record ML Studio stored in this browser?",
                "Apagar todos os modelos e registros de previsão que o ML Studio guardou neste navegador?",
            ),
            Msg::DeleteAllDone => (
                "All models and prediction records stored by ML Studio in this browser were deleted.",
                "Todos os modelos e registros de previsão guardados pelo ML Studio neste navegador foram apagados.",
            ),
            Msg::ConfirmYes => ("Yes, delete", "Sim, apagar"),
            Msg::ConfirmNo => ("Cancel", "Cancelar"),
            Msg::PrivacyTitle => ("Privacy", "Privacidade"),
            Msg::PrivacyIntro => (
                "ML Studio runs entirely in this browser tab. There is no server behind it: your files are read, profiled, modelled and scored on this computer, and nothing is uploaded anywhere.",
                "O ML Studio roda inteiramente nesta aba do navegador. Não há servidor por trás: seus arquivos são lidos, analisados, modelados e pontuados neste computador, e nada é enviado a lugar nenhum.",
            ),
            Msg::PrivacyWhatWhere => ("What is stored where", "O que fica guardado e onde"),
            Msg::PrivacyColWhat => ("What", "O quê"),
            Msg::PrivacyColWhere => ("Where", "Onde"),
            Msg::PrivacyColHowLong => ("For how long", "Por quanto tempo"),
            Msg::PrivacyFilesWhat => (
                "The CSV files you open (data, new rows to score, drift checks)",
                "Os arquivos CSV que você abre (dados, novas linhas para pontuar, verificação de drift)",
            ),
            Msg::PrivacyFilesWhere => (
                "The memory of this tab's background workers only; never written to disk by ML Studio",
                "Somente na memória dos workers desta aba; o ML Studio nunca os grava em disco",
            ),
            Msg::PrivacyFilesLong => (
                "Until you load another file or close the tab",
                "Até você carregar outro arquivo ou fechar a aba",
            ),
            Msg::PrivacyModelsWhat => (
                "Models you save: settings, fitted parameters, scores, names and notes, and binned summaries of the training columns for drift checks (never the rows)",
                "Modelos que você salva: configurações, parâmetros ajustados, métricas, nomes e notas, e resumos em faixas das colunas de treino para o drift (nunca as linhas)",
            ),
            Msg::PrivacyModelsWhere => (
                "This browser's IndexedDB, database “ml-studio” (stores model_summaries and model_artifacts), for this site only",
                "O IndexedDB deste navegador, banco “ml-studio” (model_summaries e model_artifacts), só para este site",
            ),
            Msg::PrivacyModelsLong => (
                "Until you delete them (one by one on Models, or all below)",
                "Até você apagá-los (um a um em Modelos, ou todos abaixo)",
            ),
            Msg::PrivacyAuditWhat => (
                "The prediction log: time, model and version, row count, a fingerprint of the input and a summary of the outputs (never the rows)",
                "O registro de previsões: hora, modelo e versão, número de linhas, uma impressão digital da entrada e um resumo das saídas (nunca as linhas)",
            ),
            Msg::PrivacyAuditWhere => (
                "IndexedDB, database “ml-studio”, store prediction_audit",
                "IndexedDB, banco “ml-studio”, prediction_audit",
            ),
            Msg::PrivacyAuditLong => (
                "Until you clear it on Predict, or delete all below",
                "Até você limpá-lo em Prever, ou apagar tudo abaixo",
            ),
            Msg::PrivacySettingsWhat => (
                "Your interface choices (language, theme) and your last session's settings (file name, target, model, settings; never the data), to pick up where you left off",
                "Suas escolhas de interface (idioma, tema) e as configurações da última sessão (nome do arquivo, alvo, modelo, parâmetros; nunca os dados), para continuar de onde parou",
            ),
            Msg::PrivacySettingsWhere => ("localStorage of this site", "localStorage deste site"),
            Msg::PrivacySettingsLong => (
                "Until you clear the site's data in the browser",
                "Até você limpar os dados do site no navegador",
            ),
            Msg::PrivacyAppWhat => (
                "The app's own files (page, WebAssembly, samples), so it works offline",
                "Os arquivos do próprio app (página, WebAssembly, exemplos), para funcionar offline",
            ),
            Msg::PrivacyAppWhere => (
                "The browser's cache for this site",
                "O cache do navegador para este site",
            ),
            Msg::PrivacyAppLong => (
                "Replaced when a new version is published",
                "Substituídos quando uma nova versão é publicada",
            ),
            Msg::PrivacyNetworkTitle => ("Network", "Rede"),
            Msg::PrivacyNetwork => (
                "The page only loads its own files from the site that serves it. Its security policy (connect-src 'self') forbids any request to another site, so your data cannot be sent anywhere even by mistake.",
                "A página só carrega os próprios arquivos do site que a serve. Sua política de segurança (connect-src 'self') proíbe qualquer requisição a outro site, então seus dados não podem ser enviados a lugar nenhum, nem por engano.",
            ),
            Msg::PrivacyStorageTitle => ("Storage", "Armazenamento"),
            Msg::PrivacyPersisted => (
                "The browser granted persistent storage: it will not evict saved models to free space.",
                "O navegador concedeu armazenamento persistente: não apagará modelos salvos para liberar espaço.",
            ),
            Msg::PrivacyNotPersisted => (
                "The browser has not granted persistent storage: under disk pressure it may evict saved models. Export the ones you need.",
                "O navegador não concedeu armazenamento persistente: com pouco espaço em disco ele pode apagar modelos salvos. Exporte os que você precisa.",
            ),
            Msg::PrivacyPersistUnknown => (
                "This browser does not say whether storage is persistent.",
                "Este navegador não informa se o armazenamento é persistente.",
            ),
            Msg::PrivacyUsage => ("Used by this site", "Usado por este site"),
            Msg::PrivacyDeleteTitle => ("Delete everything", "Apagar tudo"),
            Msg::PrivacyDeleteText => (
                "Erases every saved model, the prediction log and the last session's settings from this browser. It cannot be undone.",
                "Apaga todos os modelos salvos, o registro de previsões e as configurações da última sessão deste navegador. Não pode ser desfeito.",
            ),
            Msg::UpdateReady => (
                "A new version of ML Studio has been downloaded: it takes over the next time you open the app.",
                "Uma nova versão do ML Studio foi baixada: ela passa a valer na próxima vez que você abrir o app.",
            ),
            Msg::TourOfferTitle => (
                "New here?",
                "Primeira vez aqui?",
            ),
            Msg::TourOfferText => (
                "A two-minute tour walks through the whole flow on a sample of house prices: load, explore, train, save, predict, monitor.",
                "Um tour de dois minutos mostra todo o fluxo com uma amostra de preços de imóveis: carregar, explorar, treinar, salvar, prever, monitorar.",
            ),
            Msg::TourStart => (
                "Take the tour",
                "Fazer o tour",
            ),
            Msg::TourNoThanks => (
                "No thanks",
                "Agora não",
            ),
            Msg::TourNext => (
                "Next",
                "Próximo",
            ),
            Msg::TourBack => (
                "Back",
                "Voltar",
            ),
            Msg::TourFinish => (
                "Finish",
                "Concluir",
            ),
            Msg::TourClose => (
                "Close the tour",
                "Fechar o tour",
            ),
            Msg::TourDone => (
                "Done",
                "Feito",
            ),
            Msg::TourDoLoad => (
                "Load it for me",
                "Carregar para mim",
            ),
            Msg::TourDataTitle => (
                "1. Load data",
                "1. Carregar dados",
            ),
            Msg::TourDataText => (
                "Choose the house-prices sample and press Load sample (or let the tour do it). Your own CSV works the same way: it is read here, in your browser, and never uploaded.",
                "Escolha a amostra house-prices e clique em Carregar amostra (ou deixe o tour fazer). Seu próprio CSV funciona igual: é lido aqui, no seu navegador, e nunca é enviado.",
            ),
            Msg::TourExploreTitle => (
                "2. Explore",
                "2. Explorar",
            ),
            Msg::TourExploreText => (
                "Every column has its statistics (as pandas computes them), a chart and data-quality alerts. The heat map shows which columns move together: area and price, for instance.",
                "Cada coluna tem suas estatísticas (calculadas como no pandas), um gráfico e alertas de qualidade. O mapa de calor mostra quais colunas andam juntas: área e preço, por exemplo.",
            ),
            Msg::TourTrainTitle => (
                "3. Train a model",
                "3. Treinar um modelo",
            ),
            Msg::TourTrainText => (
                "The target preco (price) is already chosen: a regression. Pick a model, for example Gradient boosting, and press Train. Every score comes from cross-validation: the model is always tested on rows it did not see.",
                "O alvo preco já está escolhido: uma regressão. Escolha um modelo, por exemplo Gradient boosting, e clique em Treinar. Cada métrica vem da validação cruzada: o modelo é sempre testado em linhas que não viu.",
            ),
            Msg::TourSaveTitle => (
                "4. Keep the model",
                "4. Guardar o modelo",
            ),
            Msg::TourSaveText => (
                "Read the scores and charts, then press Save model: it goes to this browser's model registry, with its settings, scores and data fingerprint.",
                "Veja as métricas e os gráficos e clique em Salvar modelo: ele vai para o registro de modelos deste navegador, com configurações, métricas e a impressão digital dos dados.",
            ),
            Msg::TourModelsTitle => (
                "5. The registry",
                "5. O registro",
            ),
            Msg::TourModelsText => (
                "Saved models are listed here: rename them, add notes, compare two side by side, export them as JSON or ONNX.",
                "Os modelos salvos ficam aqui: renomeie, anote, compare dois lado a lado, exporte como JSON ou ONNX.",
            ),
            Msg::TourPredictTitle => (
                "6. Predict",
                "6. Prever",
            ),
            Msg::TourPredictText => (
                "Type one house's features and press Predict: you get the price and how much each feature pushed it up or down. A whole CSV can be scored too.",
                "Digite as características de um imóvel e clique em Prever: você recebe o preço e quanto cada característica o empurrou para cima ou para baixo. Um CSV inteiro também pode ser pontuado.",
            ),
            Msg::TourMonitorTitle => (
                "7. Monitor",
                "7. Monitorar",
            ),
            Msg::TourMonitorText => (
                "When new data arrives, choose its file here to see whether it still looks like the training data (drift), and, if it has prices, how well the model does on it.",
                "Quando chegarem dados novos, escolha o arquivo aqui para ver se ainda se parecem com os dados de treino (drift) e, se tiverem preços, como o modelo se sai neles.",
            ),
            Msg::TourPrivacyTitle => (
                "8. Your data stays here",
                "8. Seus dados ficam aqui",
            ),
            Msg::TourPrivacyText => (
                "This page says what is stored where. Everything can be deleted with one button. That is the whole flow: enjoy!",
                "Esta página diz o que fica guardado e onde. Tudo pode ser apagado com um botão. Esse é o fluxo completo: bom proveito!",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message, to check both texts.
    const ALL: &[Msg] = &[
        Msg::Tagline,
        Msg::NavLabel,
        Msg::NavData,
        Msg::NavExplore,
        Msg::NavTrain,
        Msg::NavModels,
        Msg::NavPredict,
        Msg::NavMonitor,
        Msg::NavPrivacy,
        Msg::LanguageLabel,
        Msg::FooterPrivate,
        Msg::FooterPrivacyLink,
        Msg::DeleteAll,
        Msg::DeleteAllQuestion,
        Msg::DeleteAllDone,
        Msg::ConfirmYes,
        Msg::ConfirmNo,
        Msg::PrivacyTitle,
        Msg::PrivacyIntro,
        Msg::PrivacyWhatWhere,
        Msg::PrivacyNetwork,
        Msg::PrivacyDeleteText,
        Msg::UpdateReady,
        Msg::TourOfferTitle,
        Msg::TourOfferText,
        Msg::TourStart,
        Msg::TourNoThanks,
        Msg::TourNext,
        Msg::TourBack,
        Msg::TourFinish,
        Msg::TourClose,
        Msg::TourDone,
        Msg::TourDoLoad,
        Msg::TourDataTitle,
        Msg::TourDataText,
        Msg::TourExploreTitle,
        Msg::TourExploreText,
        Msg::TourTrainTitle,
        Msg::TourTrainText,
        Msg::TourSaveTitle,
        Msg::TourSaveText,
        Msg::TourModelsTitle,
        Msg::TourModelsText,
        Msg::TourPredictTitle,
        Msg::TourPredictText,
        Msg::TourMonitorTitle,
        Msg::TourMonitorText,
        Msg::TourPrivacyTitle,
        Msg::TourPrivacyText,
    ];

    #[test]
    fn every_message_has_two_different_non_empty_texts() {
        for &m in ALL {
            let (en, pt) = m.texts();
            assert!(!en.trim().is_empty() && !pt.trim().is_empty(), "{m:?}");
            assert_ne!(en, pt, "{m:?} is not translated");
        }
    }
}
