use anchor_lang::prelude::*;

#[program]
pub mod registry {
    use super::*;
    pub fn register(ctx: Context<Register>, name: String) -> Result<()> {
        let entry = &mut ctx.accounts.entry;
        entry.name_len = u8::try_from(name.len()).map_err(|_| RegistryError::NameTooLong)?;
        entry.slot = Clock::get()?.slot;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Register<'info> {
    #[account(init, payer = owner, space = 8 + 64)]
    pub entry: Account<'info, Entry>,
    #[account(mut)]
    pub owner: Signer<'info>,
    pub system_program: Program<'info, System>,
}

#[account]
pub struct Entry {
    pub name_len: u8,
    pub slot: u64,
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses() {
        let n: u8 = "7".parse().unwrap();
        assert_eq!(n + 1, 8);
    }
}
