use anchor_lang::prelude::*;

#[program]
pub mod game {
    use super::*;
    pub fn swap_scores(ctx: Context<SwapScores>) -> Result<()> {
        let a = ctx.accounts.player_one.score;
        ctx.accounts.player_one.score = ctx.accounts.player_two.score;
        ctx.accounts.player_two.score = a;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct SwapScores<'info> {
    #[account(mut, has_one = referee)]
    pub player_one: Account<'info, Player>,
    #[account(mut, has_one = referee)]
    pub player_two: Account<'info, Player>, // expect: duplicate-mutable-accounts
    pub referee: Signer<'info>,
}

#[account]
pub struct Player {
    pub referee: Pubkey,
    pub score: u32,
}
